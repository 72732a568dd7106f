package match

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/idmatch/idmatch/score"
)

// Handle holds the record's social-network accounts, one canonical form per network:
// "vk:id123", "vk:vasya_petrov", "tg:vasya", "ok:575757", "fb:vasya.petrov", "ig:vasya".
// Profile URLs (https://vk.com/vasya_petrov, m.vk.com/id123, t.me/vasya), "@name" and bare
// names are read; a bare name takes its network from Record.Source ("vk", "telegram", ...),
// else "@name" is taken for Telegram. Key is the first account, Keys every one. A shared
// account identifies the person; the account's text is weak name evidence when the record
// has no name (vasya_petrov_86).
func Handle() Field {
	return Field{
		Name:     "handle",
		Preparer: PreparerFunc(prepareHandles),
		Keyer:    KeyerFunc(keysOfAll),
		Comparer: ComparerFunc(compareShared),
		Levels: []score.Level{lv("shared", 0.70, 1e-7), lv("shared by a household", 0.01, householdU),
			lv("else", 0.29, 1-1e-7-householdU)},
		Identifier:     true,
		TermFrequency:  true,
		HouseholdLevel: 1,
	}
}

// networkHosts maps a profile host (without "www." or "m.") to a network's short name.
var networkHosts = map[string]string{
	"vk.com": "vk", "vk.ru": "vk", "vkontakte.ru": "vk",
	"t.me": "tg", "telegram.me": "tg", "telegram.dog": "tg",
	"ok.ru": "ok", "odnoklassniki.ru": "ok",
	"facebook.com": "fb", "fb.com": "fb",
	"instagram.com": "ig",
}

// sourceNetworks maps a Record.Source to a network's short name.
var sourceNetworks = map[string]string{
	"vk": "vk", "vkontakte": "vk", "telegram": "tg", "tg": "tg", "ok": "ok", "odnoklassniki": "ok",
	"facebook": "fb", "fb": "fb", "instagram": "ig", "ig": "ig",
}

func prepareHandles(in *Input) (Value, []Problem) {
	if len(in.Record.Handles) == 0 {
		return Value{}, nil // most records have none: skip the source lookup
	}
	var v Value
	var probs []Problem
	src := sourceNetworks[strings.ToLower(strings.TrimSpace(in.Record.Source))]
	for _, raw := range splitCells(in.Record.Handles) {
		for h := range eachValue(raw, func(s string) bool { _, err := canonicalHandle(s, src); return err == nil }) {
			if len(v.Keys) == maxCellValues {
				probs = append(probs, NewProblem("handle", h, fmt.Errorf("%w: more than %d handles", ErrBadValue, maxCellValues)))
				break
			}
			c, err := canonicalHandle(h, src)
			if err != nil {
				probs = append(probs, NewProblem("handle", h, err))
				continue
			}
			v.Keys = append(v.Keys, c)
		}
	}
	v.Keys = uniqueStrings(v.Keys)
	if len(v.Keys) > 0 {
		v.Key = v.Keys[0]
	}
	return v, probs
}

// canonicalHandle returns the "network:name" form of a handle or profile URL; src is the
// network of the record's source, "" when unknown.
func canonicalHandle(s, src string) (string, error) {
	h := strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"https://", "http://"} {
		h = strings.TrimPrefix(h, p)
	}
	network := ""
	if i := strings.IndexByte(h, '/'); i > 0 {
		host := strings.TrimPrefix(strings.TrimPrefix(h[:i], "www."), "m.")
		if n, ok := networkHosts[host]; ok {
			network, h = n, h[i+1:]
			if network == "fb" && strings.HasPrefix(h, "profile.php?id=") {
				h = "id" + strings.TrimPrefix(h, "profile.php?id=")
			}
			if j := strings.IndexAny(h, "/?#"); j >= 0 {
				h = h[:j]
			}
		} else {
			return "", fmt.Errorf("%w: %q is not a known social network", ErrBadValue, h[:i])
		}
	}
	if network == "" {
		if i := strings.IndexByte(h, ':'); i > 0 { // already canonical: "vk:name"
			if n, ok := sourceNetworks[h[:i]]; ok {
				network, h = n, h[i+1:]
			}
		}
	}
	at := strings.HasPrefix(h, "@")
	h = strings.TrimPrefix(h, "@")
	if network == "" {
		network = src
	}
	if network == "" && at {
		network = "tg"
	}
	if network == "" {
		return "", fmt.Errorf("%w: handle %q names no network (give a profile URL or the record's source)", ErrBadValue, s)
	}
	if h == "" || len(h) > 64 {
		return "", fmt.Errorf("%w: handle %q is empty or too long", ErrBadValue, s)
	}
	for _, r := range h {
		if !(r == '_' || r == '.' || r == '-' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return "", fmt.Errorf("%w: handle %q holds %q", ErrBadValue, s, r)
		}
	}
	return network + ":" + h, nil
}

// handleNameTokens returns the name tokens of a handle ("vk.com/vasya_petrov_86" → vasya,
// petrov), nil when it holds none: numeric ids and single tokens give no name.
func handleNameTokens(raw string) []string {
	c, err := canonicalHandle(raw, "vk") // the network does not matter for the tokens
	if err != nil {
		return nil
	}
	name := c[strings.IndexByte(c, ':')+1:]
	var out []string
	for _, t := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if utf8.RuneCountInString(t) >= 2 {
			out = append(out, t)
		}
	}
	if len(out) < 2 || strings.HasPrefix(name, "id") && len(out) == 1 {
		return nil
	}
	return out
}
