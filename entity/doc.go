// Package entity resolves records into entities incrementally and keeps the entities' IDs
// stable as records arrive, change and leave.
//
// A Resolver holds the records of a durable store (an embedded bbolt database in a
// directory) and a match.Matcher over them. Every record belongs to exactly one entity: the
// cluster batch deduplication (match.Matcher.Dedup) would put it in. Each change (Add,
// Upsert, Remove, or many of them in one Apply) scores the changed record against its
// blocking candidates, keeps the links at or above the threshold in a graph, and clusters
// again only the connected components the change touched, with the rule Dedup uses
// (match.Matcher.ClusterLinks). The partition therefore does not depend on the order of the
// changes, up to the small drift of term frequencies and the pair prior as the base grows.
//
// # Stable IDs
//
// Entity IDs are "E" followed by a sequence number of at least seven digits: "E0000001",
// "E0000002", ..., "E10000000". They come from a counter kept in the store, so an ID is never
// given twice, even to an entity that has gone. An entity keeps its ID as long as any of its
// records remains. When entities merge, the oldest (the one created first, with the lowest
// number) keeps its ID and the others end. When an entity splits, the part holding its
// oldest record keeps the ID; age is the order in which records were first added, a
// per-record sequence number kept in the store (an Upsert keeps it).
//
// # Events
//
// Every change that moves records between entities writes events to an append-only log
// with contiguous sequence numbers starting at 1: Created (new records form a new entity),
// Joined (records enter an existing entity, with the strongest link as evidence), Merged (an
// entity ends inside another, which keeps its ID), Split (part of an entity leaves and forms
// a new one) and Removed (a record was removed; Ended says whether its entity ended with
// it). Events reads the log from any offset, so a CRM can follow it.
//
// # Durability
//
// A call that returned without error is on disk: each call is one bbolt transaction,
// committed with fsync, or part of one shared with the calls of other goroutines that
// arrived while the previous commit ran (each still gets the result it would have alone). A
// crash at any moment leaves the state of the last returned call, never part of one; calls
// committed together are on disk together or not at all, and none of them had returned. A store that another process holds open is refused (ErrLocked), as is a
// store written by a newer version (ErrVersion); a damaged store gives ErrCorrupt and is
// never half-read. Close writes a snapshot of the matcher next to the store so that the next
// Open does not have to normalize every record again; records changed after the snapshot
// are replayed on top of it.
package entity
