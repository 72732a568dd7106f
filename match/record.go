package match

// Record is one person as a channel or a CRM sees it. All fields are raw strings exactly as
// the source wrote them; the Matcher normalizes a copy and never modifies the caller's
// Record, its slices or its map.
//
// Empty fields are missing values: they neither agree nor disagree with anything.
type Record struct {
	// ID is the caller's identifier, unique within a Matcher.
	ID string
	// Source names the channel the record came from: "crm", "vk", "facebook", "telegram",
	// "call", "email", "web" and so on. It is informational and never scored.
	Source string

	// FirstName, LastName and MiddleName (patronymic) hold the name when the source splits it.
	FirstName  string
	LastName   string
	MiddleName string
	// FullName holds the whole name when the parts are unknown ("Петров Василий Иванович",
	// "Vasya Petrov"). It is used only when FirstName and LastName are both empty.
	FullName string

	// Phones and Emails may each hold several values; any shared one is evidence.
	Phones []string
	Emails []string

	City      string
	BirthDate string

	// Gender is the gender the source states ("m", "f", "male", "женский", "М", ...), when
	// it states one. A known gender outweighs what the name suggests.
	Gender string

	// Handles are social-network accounts: a VK screen name or profile URL (vk.com/id123,
	// https://vk.com/vasya_petrov), a Telegram @username or t.me link, an OK, Facebook or
	// Instagram profile. A shared handle identifies one account; its text also carries weak
	// name and birth-year evidence (vasya_petrov_86).
	Handles []string

	// Extra holds named extra fields (postcode, address, passport, customer number, ...).
	// A key is compared only when the schema declares it (see WithField); other keys are kept
	// but ignored.
	Extra map[string]string
}
