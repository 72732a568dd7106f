// Package dataset reads person records from CSV and JSON Lines files into match.Record
// values, for the example programs and the benchmark harness.
//
// A FieldMap says which column feeds which Record field; columns named like a field (or one
// of a few common aliases) need no entry. The Reader is built for messy real files: a
// malformed row is reported as a *RowError with its line number and reading continues with
// the next row, so no good row is ever dropped and no bad row passes silently.
//
// Truth and DetectTruth recover the true entity of a row from labelled benchmark files
// (Febrl record ids, numeric Febrl ids, or an "entity" or "cluster" column).
package dataset
