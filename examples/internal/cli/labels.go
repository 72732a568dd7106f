package cli

import (
	"github.com/idmatch/idmatch/internal/review"
	"github.com/idmatch/idmatch/match"
)

// Answers are a reviewer's standing answers from a labels file (what examples/review
// writes), as the matcher takes them.
type Answers struct {
	// Pairs are the answers about two stored records (deduplication).
	Pairs []match.Label
	// QueryLabels are the answers about a contact and a customer, in the file's order;
	// Contacts holds them by contact id.
	QueryLabels []match.QueryLabel
	Contacts    map[string][]match.QueryLabel
}

// ReadAnswers reads the labels file at path: the answers about links (a contact id, then a
// customer id) when link is set, else about pairs of records. Lines that cannot be read are
// reported on rep with their number and left out; the error is for a file that cannot be
// read. queries gives the contact record of a contact id (link only): an answer about a
// contact the run does not hold is reported and left out.
func ReadAnswers(path string, link bool, queries map[string]match.Record, rep *Reporter) (Answers, error) {
	entries, bad, err := review.ReadLabels(path, link)
	if err != nil {
		return Answers{}, err
	}
	for _, b := range bad {
		rep.Printf("%s:%d: skipped: %v", BaseName(path), b.Line, b.Err)
	}
	a := Answers{Contacts: map[string][]match.QueryLabel{}}
	unknown := 0
	for _, e := range entries {
		if e.Answer == review.Skip {
			continue // decides nothing
		}
		same := e.Answer == review.Same
		if !link {
			a.Pairs = append(a.Pairs, match.Label{A: e.A, B: e.B, Same: same})
			continue
		}
		q, ok := queries[e.A]
		if !ok {
			unknown++
			continue
		}
		l := match.QueryLabel{Query: q, ID: e.B, Same: same}
		a.QueryLabels = append(a.QueryLabels, l)
		a.Contacts[e.A] = append(a.Contacts[e.A], l)
	}
	if unknown > 0 {
		rep.Printf("%s: %d answers about contacts this run does not hold, left out", BaseName(path), unknown)
	}
	return a, nil
}
