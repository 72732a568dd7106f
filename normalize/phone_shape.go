package normalize

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nyaruka/phonenumbers"
)

// phoneShapeReason is the ParseError reason for a number of possible
// length whose digits no region of its country code uses.
const phoneShapeReason = "not a number of the country's numbering plan"

// phoneMaxCC bounds country calling codes, which have at most three digits.
const phoneMaxCC = 1000

// phoneShapes holds, per country calling code, the general national-number
// patterns of the regions sharing it (RU and KZ for +7), compiled and
// anchored on first use of the code.
var phoneShapes struct {
	once     sync.Once
	patterns map[int32][]string // filled once, read-only afterwards
	// compiled holds each code's matcher once built; nil until then.
	compiled [phoneMaxCC]atomic.Pointer[phoneShape]
}

// phoneShape matches national significant numbers against a code's
// patterns. The patterns are run as a DFA over the ten digits, built once
// from the compiled expression: the backtracking regexp matcher costs
// about a microsecond a number, the table walk a few nanoseconds. re
// stays the reference, and the matcher for input the DFA does not cover.
type phoneShape struct {
	re *regexp.Regexp // nil for a code without a pattern: it fits nothing
	// next[s][d] is the state after digit d in state s, -1 when no thread
	// survives. State 0 is the start, before any digit.
	next [][10]int32
	// accept[s] says whether the number ends in a match in state s.
	accept []bool
	// early[s] says whether a match ends in state s before the input does:
	// the patterns are anchored, so it is false unless one is not.
	early []bool
	dfa   bool
}

// phoneShapeFits reports whether the national significant number nsn
// (ASCII digits) matches the general national-number pattern of a region
// with country code cc: the shape of the numbering plan, far looser than
// phonenumbers' validity ranges. A code without metadata fits nothing.
//
// nsn is a string, not the caller's digit buffer: a slice passed to the regexp escapes, and
// the caller builds the E.164 string anyway.
func phoneShapeFits(cc int32, nsn string) bool {
	sh := phoneShapeOf(cc)
	if sh.re == nil {
		return false
	}
	if !sh.dfa {
		return sh.re.MatchString(nsn)
	}
	s := int32(0)
	for i := 0; i < len(nsn); i++ {
		d := nsn[i] - '0'
		if d > 9 {
			return sh.re.MatchString(nsn)
		}
		if sh.early[s] {
			return true
		}
		if s = sh.next[s][d]; s < 0 {
			return false
		}
	}
	return sh.accept[s]
}

func phoneShapeOf(cc int32) *phoneShape {
	s := &phoneShapes
	s.once.Do(func() {
		s.patterns = map[int32][]string{}
		coll, err := phonenumbers.MetadataCollection()
		if err != nil {
			return
		}
		for _, m := range coll.GetMetadata() {
			if p := m.GetGeneralDesc().GetNationalNumberPattern(); p != "" {
				s.patterns[m.GetCountryCode()] = append(s.patterns[m.GetCountryCode()], p)
			}
		}
	})
	inRange := cc >= 0 && cc < phoneMaxCC
	if inRange {
		if sh := s.compiled[cc].Load(); sh != nil {
			return sh
		}
	}
	sh := &phoneShape{}
	if ps := s.patterns[cc]; len(ps) > 0 {
		expr := "^(?:"
		for i, p := range ps {
			if i > 0 {
				expr += "|"
			}
			expr += "(?:" + p + ")"
		}
		expr += ")$"
		sh.re, _ = regexp.Compile(expr)
		if sh.re != nil {
			sh.buildDFA(expr)
		}
	}
	if !inRange {
		return sh
	}
	// Two callers may build the same code at once; both results are
	// equal, and the first stored wins.
	s.compiled[cc].CompareAndSwap(nil, sh)
	return s.compiled[cc].Load()
}

// phoneShapeMaxStates bounds the DFA; a code whose patterns need more
// keeps the regexp.
const phoneShapeMaxStates = 4096

// Position classes of the DFA's input: the empty-width assertions of a
// pattern (^, $) hold or fail by where in the input they are tested.
const (
	phonePosStart    = iota // before the first digit of a non-empty number
	phonePosInside          // before a later digit
	phonePosEnd             // after the last digit of a non-empty number
	phonePosStartEnd        // the empty number
)

// buildDFA compiles expr, as the regexp package does, and runs the subset
// construction over its program for input of ASCII digits. A state is the
// set of instructions the threads wait at before the next position, a
// thread starting at every position as in an unanchored search; the
// assertions are checked against the position class when the set is
// closed. Programs with word-boundary assertions keep the regexp.
func (sh *phoneShape) buildDFA(expr string) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return
	}
	for i := range prog.Inst {
		if in := &prog.Inst[i]; in.Op == syntax.InstEmptyWidth &&
			syntax.EmptyOp(in.Arg)&(syntax.EmptyWordBoundary|syntax.EmptyNoWordBoundary) != 0 {
			return
		}
	}
	flags := [4]syntax.EmptyOp{
		phonePosStart:    syntax.EmptyBeginText | syntax.EmptyBeginLine,
		phonePosInside:   0,
		phonePosEnd:      syntax.EmptyEndText | syntax.EmptyEndLine,
		phonePosStartEnd: syntax.EmptyBeginText | syntax.EmptyBeginLine | syntax.EmptyEndText | syntax.EmptyEndLine,
	}
	// closure returns the consuming instructions the threads of set reach
	// at a position of class pos, and whether one of them reaches a match.
	closure := func(set []uint32, pos int) (runes []uint32, match bool) {
		seen := make(map[uint32]bool)
		stack := append(slices.Clone(set), uint32(prog.Start))
		for len(stack) > 0 {
			pc := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[pc] {
				continue
			}
			seen[pc] = true
			in := &prog.Inst[pc]
			switch in.Op {
			case syntax.InstAlt, syntax.InstAltMatch:
				stack = append(stack, in.Out, in.Arg)
			case syntax.InstCapture, syntax.InstNop:
				stack = append(stack, in.Out)
			case syntax.InstEmptyWidth:
				if syntax.EmptyOp(in.Arg)&^flags[pos] == 0 {
					stack = append(stack, in.Out)
				}
			case syntax.InstMatch:
				match = true
			case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
				runes = append(runes, pc)
			}
		}
		slices.Sort(runes)
		return runes, match
	}
	key := func(set []uint32) string {
		var b strings.Builder
		for _, pc := range set {
			b.WriteString(strconv.FormatUint(uint64(pc), 10))
			b.WriteByte(',')
		}
		return b.String()
	}
	// No thread left and none that a new start could make: every later digit fails.
	deadRunes, deadEarly := closure(nil, phonePosInside)
	_, deadMatch := closure(nil, phonePosEnd)
	dead := len(deadRunes) == 0 && !deadEarly && !deadMatch
	// State 0 is the start; every other state is met inside or at the end of a number.
	var sets [][]uint32
	ids := map[string]int32{}
	add := func(set []uint32) int32 {
		if len(set) == 0 && dead {
			return -1
		}
		k := key(set)
		if id, ok := ids[k]; ok {
			return id
		}
		id := int32(len(sets))
		ids[k] = id
		sets = append(sets, set)
		return id
	}
	sets = append(sets, nil) // the start, kept apart from an empty inside state
	for s := 0; s < len(sets); s++ {
		if len(sets) > phoneShapeMaxStates {
			return
		}
		pos, last := phonePosInside, phonePosEnd
		if s == 0 {
			pos, last = phonePosStart, phonePosStartEnd
		}
		runes, early := closure(sets[s], pos)
		_, match := closure(sets[s], last)
		var row [10]int32
		for d := range 10 {
			var next []uint32
			for _, pc := range runes {
				if in := &prog.Inst[pc]; in.MatchRune(rune('0' + d)) {
					next = append(next, in.Out)
				}
			}
			slices.Sort(next)
			next = slices.Compact(next)
			row[d] = add(next)
		}
		sh.next = append(sh.next, row)
		sh.accept = append(sh.accept, match)
		sh.early = append(sh.early, early)
	}
	sh.dfa = true
}
