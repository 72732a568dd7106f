package dataset

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxSource streams the rows of one sheet.
type xlsxSource struct {
	file *excelize.File
	rows *excelize.Rows
	no   int // number of the row most recently read, 1-based

	ahead      []xlsxRow // rows read ahead, read again first
	pendingErr error     // met while reading ahead; returned after them
	done       bool      // the sheet ended while reading ahead
}

// xlsxRow is a row read ahead.
type xlsxRow struct {
	no   int
	vals []string
}

// openXLSX opens the workbook in r, chooses the sheet and reads its header row.
func (r *Reader) openXLSX(src io.Reader, sheet string) error {
	f, err := excelize.OpenReader(src)
	if err != nil {
		return fmt.Errorf("%w: xlsx: %w", ErrBadHeader, err)
	}
	sheets := f.GetSheetList()
	if sheet == "" {
		if len(sheets) == 0 {
			_ = f.Close()
			return fmt.Errorf("%w: xlsx: the workbook has no sheet", ErrNoHeader)
		}
		sheet = sheets[0]
	} else if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		_ = f.Close()
		return fmt.Errorf("%w: no sheet %q (sheets: %s)", ErrBadOptions, sheet, strings.Join(sheets, ", "))
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		_ = f.Close()
		return fmt.Errorf("%w: xlsx: sheet %q: %w", ErrBadHeader, sheet, err)
	}
	r.xlsx = &xlsxSource{file: f, rows: rows}
	r.detected.Sheet = sheet
	for {
		ok, err := r.xlsx.next(&r.vals)
		if err != nil {
			r.Close()
			return fmt.Errorf("%w: xlsx: %w", ErrBadHeader, err)
		}
		if !ok {
			r.Close()
			return fmt.Errorf("%w: sheet %q is empty", ErrNoHeader, sheet)
		}
		if !blankCells(r.vals) {
			break
		}
	}
	r.end = r.xlsx.no
	if err := r.setHeader(r.xlsx.no, r.vals); err != nil {
		r.Close()
		return err
	}
	return r.sampleXLSX()
}

// next reads the next row's displayed cell texts into *vals, and reports whether there was
// a row.
func (x *xlsxSource) next(vals *[]string) (bool, error) {
	if len(x.ahead) > 0 {
		row := x.ahead[0]
		x.ahead = x.ahead[1:]
		x.no = row.no
		*vals = append((*vals)[:0], row.vals...)
		return true, nil
	}
	if x.pendingErr != nil || x.done {
		err := x.pendingErr
		x.pendingErr, x.done = nil, true
		return false, err
	}
	if !x.rows.Next() {
		return false, x.rows.Error()
	}
	x.no++
	cells, err := x.rows.Columns()
	if err != nil {
		return false, err
	}
	*vals = append((*vals)[:0], cells...)
	return true, nil
}

func blankCells(vals []string) bool {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// readXLSX returns the next row of the sheet. Cells missing at the end of a row are empty;
// empty cells past the header's width are dropped, and a value there makes a *RowError.
func (r *Reader) readXLSX() (Row, error) {
	for {
		ok, err := r.xlsx.next(&r.vals)
		if err != nil {
			return Row{}, fmt.Errorf("dataset: xlsx: %w", err)
		}
		if !ok {
			return Row{}, io.EOF
		}
		no := r.xlsx.no
		r.end = no
		if blankCells(r.vals) {
			continue
		}
		for len(r.vals) > len(r.cols) && strings.TrimSpace(r.vals[len(r.vals)-1]) == "" {
			r.vals = r.vals[:len(r.vals)-1]
		}
		for len(r.vals) < len(r.cols) {
			r.vals = append(r.vals, "")
		}
		return r.buildCSV(no)
	}
}

// Close releases what the Reader holds beyond its input: for xlsx, the workbook and its
// temporary files. It does not close the io.Reader given to NewReader. Close is a no-op for
// CSV and JSONL, and after the first call.
func (r *Reader) Close() error {
	if r.xlsx == nil {
		return nil
	}
	x := r.xlsx
	r.xlsx = nil
	err := x.rows.Close()
	if cerr := x.file.Close(); err == nil {
		err = cerr
	}
	if r.err == nil {
		r.err = io.EOF
	}
	return err
}
