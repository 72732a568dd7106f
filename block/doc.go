// Package block is an inverted index from blocking keys to the records that carry them.
//
// Comparing every contact with every customer is impossible at CRM scale, so a matcher first
// picks the few candidates worth scoring: the records that share at least one cheap key with
// the query (an exact phone, an e-mail, a name skeleton plus city, ...). That choice decides
// recall, since a record never retrieved is never scored.
//
// An [Index] maps string keys to posting lists of uint32 record numbers. It stores a key as
// its fixed 64-bit hash, a block of one record as a bare entry, a block of a few records as
// a small sorted slice and a larger one as a roaring bitmap, so that the many keys held by
// one record (a phone, an e-mail) cost a hash table slot each. It knows nothing about
// persons: what a key means is the caller's business.
// [Index.Candidates] returns the union of the posting lists of a query's keys, skipping keys
// whose block has grown past a cap ("ru", "Ivanov+Moscow"); [Index.Pairs] streams the
// candidate pairs of a whole base for batch deduplication, each pair once; [Index.Stats]
// describes the block-size distribution without building any pair.
//
// [EvaluateDedup] and [EvaluateLink] measure blocking against known true pairs: pairs
// completeness (blocking recall) and reduction ratio.
package block
