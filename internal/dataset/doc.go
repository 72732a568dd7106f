// Package dataset reads person records from CRM exports into match.Record values, for the
// example programs and the benchmark harness: CSV in any common delimiter and encoding,
// Excel workbooks (.xlsx) and JSON Lines.
//
// NewReader detects what it is given: the format, the text encoding (UTF-8, UTF-16 with a
// byte order mark, Windows-1251, KOI8-R) and the CSV delimiter (',', ';', tab, '|'); Options
// override each guess and Reader.Detected reports them. A FieldMap says which column feeds
// which Record field; columns named in Russian or English like a field ("ФИО", "Моб.
// телефон", "E-mail", "date of birth", ...) need no entry. Reader.Mapping reports the map in
// use, every column ignored, and how rows get IDs.
//
// The Reader is built for messy real files: a malformed row is reported as a *RowError with
// its line number (and the column, by position and header name, when one field is at fault)
// and reading continues with the next row, so no good row is ever dropped and no bad row
// passes silently.
//
// Truth and DetectTruth recover the true entity of a row from labelled benchmark files
// (Febrl record ids, numeric Febrl ids, or an "entity" or "cluster" column).
package dataset
