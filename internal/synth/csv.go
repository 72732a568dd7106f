package synth

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
)

// ErrWrite is wrapped by every error WriteCSV returns.
var ErrWrite = errors.New("synth: write csv")

// Header is the first line WriteCSV writes: the Record fields in order, entity and crowd being
// the ground truth. Readers should look columns up by name, not position. Callers must not
// modify it; WriteCSV does not.
var Header = []string{"id", "entity", "source", "first_name", "last_name", "middle_name", "full_name", "phone", "email", "city", "birth_date", "crowd"}

// WriteCSV writes Header and then one line per record, quoting fields as RFC 4180 requires.
// It consumes recs as it goes and holds one record at a time, so it streams any number of
// rows. Crowd is written as true or false. It returns the first write error, wrapped around
// ErrWrite; it may run concurrently with other calls on other writers.
func WriteCSV(w io.Writer, recs iter.Seq[Record]) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return fmt.Errorf("%w: %w", ErrWrite, err)
	}
	row := make([]string, len(Header))
	var err error
	for rec := range recs {
		row[0], row[1], row[2] = rec.ID, rec.Entity, rec.Source
		row[3], row[4], row[5], row[6] = rec.FirstName, rec.LastName, rec.MiddleName, rec.FullName
		row[7], row[8], row[9], row[10] = rec.Phone, rec.Email, rec.City, rec.BirthDate
		row[11] = strconv.FormatBool(rec.Crowd)
		if err = cw.Write(row); err != nil {
			break
		}
	}
	if err == nil {
		cw.Flush()
		err = cw.Error()
	}
	if err != nil {
		return fmt.Errorf("%w: %w", ErrWrite, err)
	}
	return nil
}
