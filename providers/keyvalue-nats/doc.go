// Package keyvaluenats is the Trellis capability provider of wasmcloud:keyvalue on NATS
// JetStream key-value buckets (ACTORS.md §3.3.3), built in as "keyvalue-nats" and runnable as
// cmd/keyvalue-nats. It needs no service besides the lattice's own NATS server.
//
// # Links
//
// Link values (keys matched without regard to case):
//
//	bucket  the bucket of the link's keys; default DefaultBucket(lattice), i.e.
//	        "TRELLIS_KV_" + the lattice name with characters other than letters, digits,
//	        '-' and '_' replaced by '_'. Links naming the same bucket share their keys.
//	URL     a NATS server URL for the bucket; default the provider's own lattice connection
//	        (Conn.NATS, or the connection given to NewWithNATS). A link with a URL has its own
//	        connection, which keeps reconnecting while the server is down and is closed when
//	        the link is deleted or changed and on Shutdown.
//
// The bucket is opened on first use and created if missing, with history 1 and
// LimitMarkerTTL 1 s (which turns on per-message TTLs, AllowMsgTTL). A link to a server that is
// down is therefore accepted; its operations fail with an error naming the server and bucket,
// e.g. "KeyValue.Get: nats nats://10.0.0.5:4222 bucket kv: not connected (reconnecting)", and
// Health reports it until the server is back. The provider does not use a JetStream domain.
//
// # Storage
//
// Keys, lists and sets share the bucket's key space, as in Redis. An actor's key maps to a
// NATS key reversibly: letters, digits, '-', '_' and '/' stay, every other byte becomes "=XX"
// in upper-case hex ("counter::a.b" is stored as "counter=3A=3Aa=2Eb"), and the empty key is
// "=". Values are stored as follows:
//
//	string   the UTF-8 bytes of the value
//	counter  the decimal text of the integer (Increment accepts any key whose value is one,
//	         and treats an absent key as 0)
//	list     a JSON array of strings in list order, e.g. ["b","a"]
//	set      a JSON array of strings, sorted and without duplicates
//
// A list or set that loses its last member is deleted. Get of a list or set key returns its
// JSON text; a list or set operation on a value that is not a JSON array of strings, and an
// Increment of a value that is not an integer, are errors.
//
// # Consistency and expiry
//
// Increment and every list and set change are compare-and-set updates (Create for an absent
// key, Update with the read revision otherwise, Delete with LastRevision to remove the last
// member), retried with a short random back-off when another writer wins, so concurrent
// increments are exact. SetUnion and SetIntersection read their sets one by one, not as one
// snapshot.
//
// Set with expires > 0 publishes the value with the Nats-TTL header (per-message TTL, NATS
// server 2.11 and later); the server removes the key when it expires. On a bucket that was
// created elsewhere without AllowMsgTTL, such a Set is an error. Unlike Redis, a later
// Increment or list/set change of an expiring key stores a new revision without a TTL, so the
// key no longer expires.
package keyvaluenats
