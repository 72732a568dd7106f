// Package idmatch resolves identities: it links social-network accounts and channel
// contacts (calls, e-mails, web forms, messengers) to the customers in a CRM, and
// deduplicates a customer base.
//
// The work is split into packages that can be imported on their own:
//
//   - [github.com/idmatch/idmatch/normalize]: names, phones, e-mails, cities and dates to
//     canonical forms and cross-script keys;
//   - [github.com/idmatch/idmatch/block]: an inverted index of blocking keys on roaring bitmaps;
//   - [github.com/idmatch/idmatch/score]: string comparators and the Fellegi-Sunter model;
//   - [github.com/idmatch/idmatch/match]: the public face, a Matcher that returns the best
//     customer with a calibrated confidence, and batch deduplication.
package idmatch
