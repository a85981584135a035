// Package sqldbpostgres is the Trellis capability provider of wasmcloud:sqldb on PostgreSQL
// (ACTORS.md §3.3.7), runnable as cmd/sqldb-postgres.
//
// # Link values
//
// Keys are matched without regard to case:
//
//	uri                a PostgreSQL URI or key=value connection string (required), e.g.
//	                   postgres://user:password@127.0.0.1:5432/db?sslmode=disable
//	max_connections    the most connections the link opens at once (default 10)
//	statement_timeout  bound of each statement: a duration (30s, 500ms) or milliseconds;
//	                   it is also set as the session's statement_timeout (default none)
//	max_result_bytes   the most bytes of CBOR rows one query may return (default 16 MiB)
//
// Each linked actor gets its own pgxpool connection pool, made by PutLink without connecting;
// connections open on first use (within 5 s unless the uri sets connect_timeout), are reused
// while idle in no transaction (pinged first when idle for over a second), and close when the
// link is deleted or changed (statements running then finish first) and on Shutdown. The uri
// may also set pgxpool's pool_* parameters (pool_max_conn_idle_time, pool_max_conn_lifetime,
// pool_min_conns, which makes the pool connect at once, …) except pool_max_conns, which
// max_connections replaces. A missing or invalid value is a PutLink error naming the link, the
// actor and the value. A link serves the one database of its uri: a Statement whose database
// member names another one fails with code config.
//
// # Statements
//
// Execute runs the statement and returns the rows it affected; without parameters it uses the
// simple protocol, so one Execute may hold several statements. Query and the legacy Fetch (bare
// SQL text in, the same result out) return the columns, with their PostgreSQL type names
// (int4, text, timestamptz, an enum's own name), and the rows. Parameters are CBOR values bound
// to $1, $2, … in order; pgx converts them to the parameter's type (text is accepted for any
// type, e.g. a timestamp or a uuid).
//
// # Value mapping
//
//	bool                                  bool
//	int2, int4, int8                      integer
//	oid                                   unsigned integer
//	float4, float8                        float (single, double precision)
//	text, varchar, char, name, json(b),   text, as PostgreSQL renders it
//	xml, uuid, date, time(tz), interval,
//	inet, cidr, macaddr, numeric, money
//	timestamp, timestamptz                RFC 3339 text in UTC, e.g. 2024-05-01T12:00:00.5Z
//	                                      ("infinity" and "-infinity" as they are)
//	bytea                                 byte string
//	NULL                                  null
//	anything else (bit strings, arrays,   byte string holding PostgreSQL's text rendering
//	enums, extension types)
//
// # Errors
//
// Failures of the statement are reported in the result's error member, and the invocation
// itself succeeds, as wasmCloud providers did: the server's error (syntax, constraint, missing
// table) has code db and the server's message with its SQLSTATE; a server that cannot be
// reached or a statement that times out has code io, naming the server; a parameter that is
// not CBOR has code decoding; rows beyond max_result_bytes have code provider and say which
// limit to change. A payload that does not decode and an unknown operation are invocation
// errors. Health pings every link's database (2 s each) and lists the failures by actor; it
// recovers by itself when the server is back.
package sqldbpostgres
