// Package normalize turns raw strings from CRMs, social networks and web forms into canonical
// forms and cross-script keys for record linkage.
//
// Text profiles ([Profile], [Text], [PersonName]) clean free text the way
// golang.org/x/text/secure/precis profiles do: an immutable profile built from options, with a
// display form (String) and a comparison form (Key).
//
// Person names: [ParseFullName] and [ParseName] split and clean names written in either order
// and either script ("Петров Василий Иванович", "Vasily Petrov", "В. И. Петров"), with gender
// from the patronymic, the given name or the surname. [Transliterate] writes Cyrillic in Latin
// letters (ICAO Doc 9303, the scheme of Russian passports). [Skeleton] is a spelling key that
// brings transliteration variants together across scripts and schemes (Василий, Vasiliy,
// Vasily, Vasilij, Wassili); [SurnameSkeleton] also folds gendered surname endings (Петров,
// Петрова); [Phonetic] is a coarser, typo-tolerant blocking key. [GivenNameKeys] maps
// diminutives and nicknames (Вася, Vasya, Bob) to their full given names.
//
// Cities: [City] maps the many spellings and abbreviations of a city ("г. Москва", "МСК",
// "Moskva") to one identifier.
//
// Phones, e-mail addresses and partial dates have their own parsers in this package.
//
// Every function and variable of the package is safe for concurrent use, and no function
// modifies its arguments. The name and city tables are embedded and loaded on first use.
package normalize
