package match

import (
	"github.com/idmatch/idmatch/normalize"
	"github.com/idmatch/idmatch/score"
)

// NameField is an extra field holding a person-name token (a maiden name, a spouse's name),
// compared by skeleton across scripts and by Jaro-Winkler.
func NameField(name string) Field {
	return Field{
		Name:     name,
		Preparer: extraPreparer{name, func(v string) (string, error) { return normalize.Skeleton(v), nil }},
		Comparer: levelsComparer{nameLevels},
		Levels: []score.Level{
			lv("exact", 0.85, 0.01), lv("jaro-winkler>=0.92", 0.08, 0.01), lv("jaro-winkler>=0.80", 0.04, 0.05), lv("else", 0.03, 0.93)},
		TermFrequency: true,
		Graded:        3,
	}
}
