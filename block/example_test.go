package block_test

import (
	"bytes"
	"fmt"

	"github.com/idmatch/idmatch/block"
)

// A small customer base: record numbers with their blocking keys. What a key means is the
// caller's business; here a prefix names its kind.
var customers = map[uint32][]string{
	1: {"phone:+79161234567", "name:vasilij|moskva", "city:moskva"},
	2: {"phone:+79169876543", "name:vasilij|moskva"},
	3: {"email:petrov@mail.ru", "name:vasilij|moskva", "city:moskva"},
	4: {"email:ivanova@mail.ru", "name:anna|kazan", "city:moskva"},
	5: {"phone:+79161234567", "city:moskva"},
}

func buildIndex() *block.Index {
	var ix block.Index // the zero value is ready to use
	for id := uint32(1); id <= 5; id++ {
		ix.Add(id, customers[id]...)
	}
	return &ix
}

func ExampleIndex_Candidates() {
	ix := buildIndex()

	// A caller rings from a known number, and says he is Vasily from Moscow. The city key is
	// shared by four customers, over the cap of 3, so it is counted but not expanded.
	c := ix.Candidates([]string{"phone:+79161234567", "name:vasilij|moskva", "city:moskva"}, 3)
	for id := range c.All() {
		fmt.Print(id, " ")
	}
	fmt.Println("capped:", c.Capped)
	// Output: 1 2 3 5 capped: 1
}

func ExampleIndex_Pairs() {
	ix := buildIndex()
	keysOf := func(id uint32) []string { return customers[id] }

	// Every pair sharing an uncapped key, each once: 1 and 5 share a phone and would share
	// the city too. Two shards, [0,3) and [3,MaxUint32), could run in two goroutines.
	for a, b := range ix.Pairs(0, 3, keysOf, 3) {
		fmt.Println(a, b)
	}
	for a, b := range ix.Pairs(3, 1<<32-1, keysOf, 3) {
		fmt.Println(a, b)
	}
	// Output:
	// 1 2
	// 1 3
	// 1 5
	// 2 3
}

func ExampleIndex_Stats() {
	ix := buildIndex()
	for id := uint32(6); id <= 17; id++ {
		ix.Add(id, "city:moskva") // more Muscovites: a block large enough to keep its name
	}
	// Blocks of fewer than 16 records are reported by the hash of their key.
	st := ix.Stats(2, 3)
	fmt.Println("keys", st.Keys, "records", st.Records, "postings", st.Postings)
	fmt.Println("largest", st.Largest)
	for _, b := range st.Histogram {
		fmt.Printf("size %d-%d: %d keys\n", b.Min, b.Max, b.Keys)
	}
	fmt.Println("capped", st.CappedKeys, "estimated pairs", st.EstimatedPairs)
	// Output:
	// keys 7 records 17 postings 25
	// largest [{city:moskva 16} {#db406373e3869e07 3}]
	// size 1-1: 4 keys
	// size 2-3: 2 keys
	// size 4-7: 0 keys
	// size 8-15: 0 keys
	// size 16-31: 1 keys
	// capped 1 estimated pairs 4
}

func ExampleIndex_WriteTo() {
	ix := buildIndex()
	var buf bytes.Buffer
	if _, err := ix.WriteTo(&buf); err != nil {
		fmt.Println(err)
		return
	}
	var loaded block.Index
	if _, err := loaded.ReadFrom(&buf); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(loaded.Keys(), loaded.BlockSize("city:moskva"))

	_, err := loaded.ReadFrom(bytes.NewReader([]byte("not an index at all")))
	fmt.Println(err)
	// Output:
	// 7 4
	// block: corrupt index data: not an index (bad magic "not an i")
}

func ExampleEvaluateDedup() {
	ix := buildIndex()
	keysOf := func(id uint32) []string { return customers[id] }
	truth := map[block.Pair]struct{}{
		block.NewPair(5, 1): {}, // the same person twice
		block.NewPair(4, 2): {}, // a pair no key links: blocking loses it
	}
	ev := block.EvaluateDedup(ix.Pairs(0, 1<<32-1, keysOf, 3), truth, 5)
	fmt.Printf("candidates %d of 10, found %d of %d true pairs\n", ev.CandidatePairs, ev.FoundTruePairs, ev.TruePairs)
	fmt.Printf("pairs completeness %.2f, reduction ratio %.2f\n", ev.PairsCompleteness, ev.ReductionRatio)
	// Output:
	// candidates 4 of 10, found 1 of 2 true pairs
	// pairs completeness 0.50, reduction ratio 0.60
}

// Loading a base in bulk: the keys of many records go into a Batch, which the index adds in
// its own order. The index is the same as if each record had been added with Add.
func ExampleIndex_AddBatch() {
	var ix block.Index
	var b block.Batch
	for id := uint32(1); id <= 5; id++ {
		b.Add(id, customers[id]...)
	}
	ix.AddBatch(&b)
	b.Reset() // ready for the next records

	fmt.Println(ix.Keys(), "keys;", ix.BlockSize("city:moskva"), "records in Moscow")
	c := ix.Candidates([]string{"phone:+79161234567"}, 0)
	fmt.Println(c.IDs.ToArray())
	// Output:
	// 7 keys; 4 records in Moscow
	// [1 5]
}

func ExampleIndex_Block() {
	ix := buildIndex()

	// Who holds this phone number: a family's, or one person's?
	for id := range ix.Block("phone:+79161234567") {
		fmt.Print(id, " ")
	}
	fmt.Println("of", ix.BlockSize("phone:+79161234567"))
	// Output: 1 5 of 2
}

func ExampleIndex_PairsOfFirst() {
	ix := buildIndex()
	hashesOf := func(id uint32, dst []uint64) []uint64 {
		for _, k := range customers[id] {
			dst = append(dst, block.HashKey(k))
		}
		return dst
	}

	// The pairs of records sharing a block of at most 3 records, first members taken in the
	// order given (namesakes together, say), each pair once.
	for a, b := range ix.PairsOfFirst([]uint32{3, 1, 2, 4, 5}, hashesOf, 3) {
		fmt.Print(a, "-", b, " ")
	}
	fmt.Println()
	// Output: 1-2 1-3 1-5 2-3
}
