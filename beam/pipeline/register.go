package pipeline

import (
	"context"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/idmatch/idmatch/match"
)

func init() {
	register.DoFn4x1[context.Context, fileRef, func(Row), func(Bad), error](&readFn{})
	register.DoFn3x0[Row, func(string, Rec), func(Bad)](&prepareFn{})
	register.Function4x0(firstByIDFn)
	register.DoFn2x0[Rec, func(int64, string)](&countKeysFn{})
	register.Combiner3[match.Counts, string, match.Counts](&shardCountsFn{})
	register.Combiner3[match.Counts, match.Counts, match.Counts](&countsFn{})
	register.Function2x1(toCountKV)
	register.DoFn2x0[Rec, func(int64, keySeq)](&keysFn{})
	register.Combiner3[shardGroups, keySeq, shardGroups](&groupsFn{})
	register.Function4x0(splitGroupsFn)
	register.Combiner3[hist, int64, hist](&histFn{})
	register.DoFn2x2[hist, func(*match.Counts) bool, int64, error](&capFn{})
	register.Function3x0(admitFn)
	register.DoFn4x0[int64, func(*Rec) bool, func(*string) bool, func(string, Member)](&memberFn{})
	register.Function2x1(dropKeyPair)
	register.DoFn5x1[string, func(*Member) bool, func(*[]byte) bool, func(*match.Counts) bool, func(Link), error](&scoreFn{})
	register.Function2x0(edgesFn)
	register.Function2x2(selfLabelFn)
	register.Function2x1(minInt64)
	register.Function4x0(propagateFn)
	register.Function3x1(settledFn)
	register.Function1x2(recBySeqFn)
	register.Function1x2(linkByAFn)
	register.Function5x0(assignRecFn)
	register.Function4x0(assignLinkFn)
	register.DoFn6x1[int64, func(*Rec) bool, func(*Link) bool, func(*[]byte) bool, func(*match.Counts) bool, func(Assignment), error](&clusterFn{})
	register.DoFn4x0[string, func(*Member) bool, func(*match.Counts) bool, func(string, int64)](&candidatePatternsFn{})
	register.DoFn3x0[Rec, func(*match.Counts) bool, func(int64, Rec)](&randomBucketFn{})
	register.DoFn4x0[int64, func(*Rec) bool, func(*match.Counts) bool, func(string, int64)](&randomPatternsFn{})
	register.Combiner3[table, countKV, table](&tableFn{})
	register.DoFn3x2[context.Context, table, func(*match.Counts) bool, []byte, error](&trainFn{})
	register.DoFn2x0[Rec, func(string, Rec)](&linkKeysFn{})
	register.DoFn4x0[string, func(*Rec) bool, func(*Rec) bool, func(string, PairRecs)](&linkPairsFn{})
	register.DoFn4x1[PairRecs, func(*[]byte) bool, func(*match.Counts) bool, func(string, Candidate), error](&weighFn{})
	register.DoFn5x1[string, func(*Candidate) bool, func(*[]byte) bool, func(*match.Counts) bool, func(LinkResult), error](&bestFn{})
	register.Function2x1(keepOneCandidatePair)
	register.Function1x1(assignmentLine)
	register.Function1x1(badLine)

	register.Emitter1[Row]()
	register.Emitter1[Bad]()
	register.Emitter2[string, Rec]()
	register.Emitter1[Rec]()
	register.Emitter2[string, int64]()
	register.Emitter2[int64, int64]()
	register.Emitter2[string, PairRecs]()
	register.Emitter2[int64, string]()
	register.Emitter1[int64]()
	register.Emitter1[group]()
	register.Emitter2[int64, keySeq]()
	register.Emitter2[string, Member]()
	register.Emitter1[Link]()
	register.Emitter2[int64, Rec]()
	register.Emitter2[int64, Link]()
	register.Emitter1[Assignment]()
	register.Emitter2[string, Candidate]()
	register.Emitter1[LinkResult]()
	register.Iter1[Candidate]()
	register.Iter1[Rec]()
	register.Iter1[Member]()
	register.Iter1[string]()
	register.Iter1[int64]()
	register.Iter1[Link]()
	register.Iter1[[]byte]()
	register.Iter1[match.Counts]()

	for _, t := range []any{Row{}, Bad{}, Rec{}, Member{}, PairRecs{}, Link{}, Assignment{}, fileRef{}, countKV{}, keySeq{}, keyGroup{}, shardGroups{}, group{}, hist{}, table{}, Candidate{}, LinkResult{}, match.Counts{}} {
		beam.RegisterType(reflectType(t))
	}
}

func reflectType(v any) reflect.Type { return reflect.TypeOf(v) }
