// Package keyvalueredis is the Trellis capability provider of wasmcloud:keyvalue on Redis
// (ACTORS.md §3.3.3), built in as "keyvalue-redis" and runnable as cmd/keyvalue-redis.
//
// Each linked actor gets its own go-redis client, made from its link's URL value (a
// redis://[user:password@]host:port[/db] or rediss:// URL; the key is matched without regard to
// case). Without a URL value the client uses DefaultURL, or the TRELLIS_REDIS_URL environment
// variable when it is set. A link whose URL does not parse is refused by PutLink with an error
// that names the actor and the value. The client is closed when the link is deleted or changed
// and on Shutdown. Unless the URL sets them (dial_timeout, max_retries, …), a client dials with a
// 1 s timeout and retries a dial and a command once, so that an operation on a server that is
// down fails in milliseconds, well within the lattice's RPC timeout.
//
// Operations map to single Redis commands, so they are atomic and concurrent increments are
// exact:
//
//	Get        GET (nil reply: exists false)     ListAdd    RPUSH (new length)
//	Set        SET, SET … EX n when expires > 0  ListDel    LREM key 1 value
//	Del        DEL (true if a key was removed)   ListClear  DEL
//	Contains   EXISTS                            ListRange  LRANGE start stop
//	Increment  INCRBY                            SetAdd     SADD
//	SetDel     SREM                              SetQuery   SMEMBERS
//	SetUnion   SUNION                            SetIntersection  SINTER
//	SetClear   DEL
//
// Set members are returned sorted. An Increment whose result does not fit an i32 is an error
// (Redis keeps the 64-bit value). A Redis failure reaches the actor as the invocation's error,
// e.g. "KeyValue.Get: redis 127.0.0.1:6379: dial tcp 127.0.0.1:6379: connect: connection
// refused", and Health pings every link's server and reports the first failures.
package keyvalueredis
