package synth

// city is one place of residence with its population and the spellings people use for it.
type city struct {
	name     string   // official name in its own script
	en       string   // usual English name
	pop      float64  // population in thousands; the sampling weight
	cc       string   // country calling code
	area     string   // trunk code of landlines
	variants []string // abbreviations, colloquial and foreign spellings
}

// ruCities are the largest Russian cities. The area codes fill a ten-digit national number.
var ruCities = []city{
	{"Москва", "Moscow", 13000, "7", "495", []string{"МСК", "Мск", "мск", "г. Москва", "г.Москва", "Moskva", "Moscow, Russia"}},
	{"Санкт-Петербург", "Saint Petersburg", 5600, "7", "812", []string{"СПб", "Питер", "Петербург", "С.-Петербург", "г. Санкт-Петербург", "St. Petersburg", "Sankt-Peterburg", "SPb"}},
	{"Новосибирск", "Novosibirsk", 1630, "7", "383", []string{"Новосиб", "НСК", "г. Новосибирск"}},
	{"Екатеринбург", "Yekaterinburg", 1540, "7", "343", []string{"Екб", "ЕКБ", "Ekaterinburg", "г. Екатеринбург"}},
	{"Казань", "Kazan", 1320, "7", "843", []string{"г. Казань", "Kazan'"}},
	{"Нижний Новгород", "Nizhny Novgorod", 1200, "7", "831", []string{"Н. Новгород", "Н.Новгород", "Нижний", "ННов", "Nizhniy Novgorod"}},
	{"Красноярск", "Krasnoyarsk", 1200, "7", "391", []string{"г. Красноярск", "Крск"}},
	{"Челябинск", "Chelyabinsk", 1180, "7", "351", []string{"Челяба", "г. Челябинск"}},
	{"Самара", "Samara", 1160, "7", "846", []string{"г. Самара"}},
	{"Уфа", "Ufa", 1160, "7", "347", []string{"г. Уфа"}},
	{"Ростов-на-Дону", "Rostov-on-Don", 1140, "7", "863", []string{"Ростов", "Ростов н/Д", "Rostov-na-Donu", "г. Ростов-на-Дону"}},
	{"Омск", "Omsk", 1110, "7", "3812", []string{"г. Омск"}},
	{"Краснодар", "Krasnodar", 1100, "7", "861", []string{"Кдр", "КРД", "г. Краснодар"}},
	{"Воронеж", "Voronezh", 1050, "7", "473", []string{"г. Воронеж", "Voronej"}},
	{"Пермь", "Perm", 1030, "7", "342", []string{"г. Пермь", "Perm'"}},
	{"Волгоград", "Volgograd", 1020, "7", "8442", []string{"г. Волгоград"}},
	{"Саратов", "Saratov", 900, "7", "8452", []string{"г. Саратов"}},
	{"Тюмень", "Tyumen", 850, "7", "3452", []string{"г. Тюмень", "Tumen"}},
	{"Тольятти", "Tolyatti", 680, "7", "8482", []string{"Togliatti", "г. Тольятти"}},
	{"Барнаул", "Barnaul", 630, "7", "3852", []string{"г. Барнаул"}},
	{"Ижевск", "Izhevsk", 630, "7", "3412", []string{"г. Ижевск"}},
	{"Махачкала", "Makhachkala", 620, "7", "8722", []string{"Махачкала, Дагестан", "Mahachkala"}},
	{"Ульяновск", "Ulyanovsk", 620, "7", "8422", []string{"г. Ульяновск"}},
	{"Иркутск", "Irkutsk", 620, "7", "3952", []string{"г. Иркутск"}},
	{"Хабаровск", "Khabarovsk", 610, "7", "4212", []string{"Хабар", "г. Хабаровск"}},
	{"Владивосток", "Vladivostok", 600, "7", "423", []string{"Влад", "Владик", "г. Владивосток"}},
	{"Ярославль", "Yaroslavl", 570, "7", "4852", []string{"г. Ярославль", "Yaroslavl'"}},
	{"Томск", "Tomsk", 570, "7", "3822", []string{"г. Томск"}},
	{"Ставрополь", "Stavropol", 550, "7", "8652", []string{"г. Ставрополь"}},
	{"Кемерово", "Kemerovo", 550, "7", "3842", []string{"г. Кемерово"}},
	{"Набережные Челны", "Naberezhnye Chelny", 550, "7", "8552", []string{"Наб. Челны", "Челны", "Naberezhnyye Chelny"}},
	{"Оренбург", "Orenburg", 540, "7", "3532", []string{"г. Оренбург"}},
	{"Новокузнецк", "Novokuznetsk", 540, "7", "3843", []string{"г. Новокузнецк"}},
	{"Рязань", "Ryazan", 530, "7", "4912", []string{"г. Рязань", "Ryazan'"}},
	{"Балашиха", "Balashikha", 520, "7", "495", []string{"г. Балашиха"}},
	{"Чебоксары", "Cheboksary", 500, "7", "8352", []string{"г. Чебоксары"}},
	{"Пенза", "Penza", 500, "7", "8412", []string{"г. Пенза"}},
	{"Липецк", "Lipetsk", 500, "7", "4742", []string{"г. Липецк"}},
	{"Калининград", "Kaliningrad", 490, "7", "4012", []string{"Кёнигсберг", "г. Калининград"}},
	{"Астрахань", "Astrakhan", 470, "7", "8512", []string{"г. Астрахань"}},
	{"Тула", "Tula", 470, "7", "4872", []string{"г. Тула"}},
	{"Киров", "Kirov", 470, "7", "8332", []string{"г. Киров"}},
	{"Сочи", "Sochi", 440, "7", "862", []string{"г. Сочи"}},
	{"Курск", "Kursk", 440, "7", "4712", []string{"г. Курск"}},
	{"Улан-Удэ", "Ulan-Ude", 430, "7", "3012", []string{"Улан Удэ", "г. Улан-Удэ"}},
	{"Тверь", "Tver", 420, "7", "4822", []string{"г. Тверь", "Tver'"}},
	{"Магнитогорск", "Magnitogorsk", 410, "7", "3519", []string{"Магнитка", "г. Магнитогорск"}},
	{"Сургут", "Surgut", 400, "7", "3462", []string{"г. Сургут"}},
	{"Брянск", "Bryansk", 380, "7", "4832", []string{"г. Брянск"}},
	{"Якутск", "Yakutsk", 360, "7", "4112", []string{"г. Якутск"}},
	{"Иваново", "Ivanovo", 360, "7", "4932", []string{"г. Иваново"}},
	{"Владимир", "Vladimir", 350, "7", "4922", []string{"г. Владимир"}},
	{"Чита", "Chita", 350, "7", "3022", []string{"г. Чита"}},
	{"Белгород", "Belgorod", 340, "7", "4722", []string{"г. Белгород"}},
	{"Нижний Тагил", "Nizhny Tagil", 340, "7", "3435", []string{"Н. Тагил", "Тагил"}},
	{"Калуга", "Kaluga", 330, "7", "4842", []string{"г. Калуга"}},
	{"Грозный", "Grozny", 330, "7", "8712", []string{"г. Грозный"}},
	{"Смоленск", "Smolensk", 320, "7", "4812", []string{"г. Смоленск"}},
	{"Вологда", "Vologda", 310, "7", "8172", []string{"г. Вологда"}},
	{"Курган", "Kurgan", 310, "7", "3522", []string{"г. Курган"}},
	{"Подольск", "Podolsk", 310, "7", "4967", []string{"г. Подольск"}},
	{"Орёл", "Oryol", 300, "7", "4862", []string{"Орел", "Orel", "г. Орёл"}},
	{"Архангельск", "Arkhangelsk", 300, "7", "8182", []string{"Арх", "г. Архангельск"}},
	{"Владикавказ", "Vladikavkaz", 300, "7", "8672", []string{"г. Владикавказ"}},
	{"Петрозаводск", "Petrozavodsk", 280, "7", "8142", []string{"Петрозаводск, Карелия", "г. Петрозаводск"}},
	{"Йошкар-Ола", "Yoshkar-Ola", 280, "7", "8362", []string{"Йошкар Ола", "Йошка"}},
	{"Мурманск", "Murmansk", 270, "7", "8152", []string{"г. Мурманск"}},
	{"Кострома", "Kostroma", 270, "7", "4942", []string{"г. Кострома"}},
	{"Новороссийск", "Novorossiysk", 270, "7", "8617", []string{"г. Новороссийск"}},
	{"Химки", "Khimki", 260, "7", "495", []string{"г. Химки"}},
	{"Тамбов", "Tambov", 260, "7", "4752", []string{"г. Тамбов"}},
	{"Сыктывкар", "Syktyvkar", 240, "7", "8212", []string{"г. Сыктывкар"}},
}

// abroadCities are where English-speaking persons outside Russia live. The area code is part of
// the national number; foreign national numbers have the lengths their countries use.
var abroadCities = []city{
	{"London", "London", 9000, "44", "20", []string{"London, UK", "Лондон", "London, United Kingdom"}},
	{"New York", "New York", 8300, "1", "212", []string{"New York, NY", "NYC", "Нью-Йорк", "New York City"}},
	{"Los Angeles", "Los Angeles", 3900, "1", "310", []string{"LA", "Los Angeles, CA", "Лос-Анджелес"}},
	{"Chicago", "Chicago", 2700, "1", "312", []string{"Chicago, IL", "Чикаго"}},
	{"Toronto", "Toronto", 2800, "1", "416", []string{"Toronto, ON", "Торонто"}},
	{"Sydney", "Sydney", 5300, "61", "2", []string{"Sydney, NSW", "Сидней"}},
	{"Manchester", "Manchester", 550, "44", "161", []string{"Manchester, UK", "Манчестер"}},
	{"Dublin", "Dublin", 1200, "353", "1", []string{"Dublin, Ireland", "Дублин"}},
}

// ruMobileCodes are the mobile operator codes after +7 that appear in practice.
var ruMobileCodes = []string{
	"900", "901", "902", "903", "904", "905", "906", "908", "909", "910",
	"911", "912", "913", "914", "915", "916", "917", "918", "919", "920",
	"921", "922", "923", "924", "925", "926", "927", "928", "929", "930",
	"931", "932", "933", "934", "936", "937", "938", "939", "950", "951",
	"952", "953", "958", "960", "961", "962", "963", "964", "965", "966",
	"967", "968", "969", "977", "978", "980", "981", "982", "983", "984",
	"985", "986", "987", "988", "989", "991", "992", "993", "994", "995",
	"996", "997", "999",
}

// nearAbroad are mobile numbering plans of neighbouring countries some Russian speakers keep.
var nearAbroad = []struct {
	cc     string
	prefix []string
	digits int // national number length
}{
	{"375", []string{"29", "33", "44", "25"}, 9},                  // Belarus
	{"380", []string{"50", "66", "67", "68", "93", "97"}, 9},      // Ukraine
	{"7", []string{"701", "702", "705", "707", "747", "777"}, 10}, // Kazakhstan shares +7
	{"998", []string{"90", "91", "93", "94", "97"}, 9},            // Uzbekistan
	{"374", []string{"77", "91", "93", "94", "99"}, 8},            // Armenia
}

// provider is an e-mail domain with its share among a population.
type provider struct {
	domain string
	weight float64
}

var ruProviders = []provider{
	{"mail.ru", 30}, {"yandex.ru", 24}, {"gmail.com", 25}, {"rambler.ru", 4},
	{"bk.ru", 4}, {"list.ru", 3}, {"inbox.ru", 3}, {"ya.ru", 2},
	{"icloud.com", 2}, {"outlook.com", 1}, {"hotmail.com", 1}, {"yahoo.com", 1},
}

var enProviders = []provider{
	{"gmail.com", 50}, {"yahoo.com", 14}, {"outlook.com", 13}, {"hotmail.com", 10},
	{"icloud.com", 9}, {"aol.com", 2}, {"proton.me", 2},
}

// yandexAliases are the domains Yandex delivers to the same mailbox.
var yandexAliases = []string{"ya.ru", "yandex.com", "yandex.by", "yandex.kz", "yandex.ua", "narod.ru"}

// gmailTags are the +tags people add to Gmail addresses for filtering.
var gmailTags = []string{"shop", "news", "vk", "promo", "2024", "orders", "spam"}

// ruMonthsGen are Russian month names in the genitive, as in "2 марта 1988".
var ruMonthsGen = [12]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"}

var enMonths = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
