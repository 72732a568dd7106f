// Package match answers "which of our customers is this?" for contacts that reach a company
// through any channel, and deduplicates a customer base.
//
// A Matcher holds customer records. Each record is normalized once (names across scripts and
// diminutives, phones to E.164, e-mails to their mailbox, cities, partial dates) into
// features, indexed under blocking keys, and counted for term frequencies. Match normalizes a
// contact the same way, takes the candidates its blocking keys find, scores each with the
// Fellegi-Sunter model of package score, and returns a Result: the best customer, its
// confidence, and a Status.
//
// The confidence is a posterior probability over all candidates and the hypothesis that the
// contact is none of the customers (whose prior Train learns from contacts, see
// WithNonePrior): a crowd of equally good namesakes
// shares it, and a shared phone number lifts one customer above the crowd. Status applies the
// decision zones: Matched, Review, Ambiguous, NoMatch.
//
// Train learns the model from the records at hand without labels; Dedup clusters the records
// into persons; Explain shows the evidence field by field; Save and Load keep a prepared
// matcher.
//
// The schema is a list of fields (Field), each one unit that prepares a raw value, gives its
// blocking keys, compares two values into a level and carries the levels' default m and u.
// The person schema (PersonFields: given name, surname, middle name, birth date, phone,
// e-mail, city, gender, social-network handle) needs no configuration for Russian and
// English data; WithField adds extra fields of a built-in kind (postcode, address, document
// numbers) and WithCustomField fields of the caller's own type.
package match
