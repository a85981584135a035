// Package sqldbmysql is the Trellis capability provider of wasmcloud:sqldb on MySQL and
// MariaDB (ACTORS.md §3.3.7), runnable as cmd/sqldb-mysql. It uses database/sql with
// go-sql-driver/mysql.
//
// # Link values
//
// Keys are matched without regard to case:
//
//	uri                the driver's DSN, user:password@tcp(host:3306)/db?params, or a URL,
//	                   mysql://user:password@host[:port]/db?params (required)
//	max_connections    the most connections the link opens at once (default 10)
//	statement_timeout  bound of each statement: a duration (30s, 500ms) or milliseconds; the
//	                   connection running it is closed when it expires (default none)
//	max_result_bytes   the most bytes of CBOR rows one query may return (default 16 MiB)
//
// The DSN parameters are the driver's (multiStatements=true lets one Execute hold several
// statements). The provider always sets parseTime=true, a 5 s connect timeout unless the uri
// sets timeout, and the session time_zone '+00:00' unless the uri sets time_zone. Each linked
// actor gets its own *sql.DB, opened by PutLink without connecting and closed when the link is
// deleted or changed and on Shutdown. A missing or invalid value is a PutLink error naming the
// link, the actor and the value. A link serves the one database of its uri: a Statement whose
// database member names another one fails with code config.
//
// # Statements
//
// Execute returns the rows affected, Query and the legacy Fetch (bare SQL text in, the same
// result out) the columns, with the driver's type names (INT, UNSIGNED BIGINT, VARCHAR,
// DECIMAL, DATETIME, BLOB, …), and the rows. Parameters are CBOR values bound to ? in order:
// null, bool, integers, floats, text and bytes; arrays and maps are refused with code
// encoding.
//
// # Value mapping
//
//	TINYINT (TINYINT(1) too), SMALLINT,        integer
//	MEDIUMINT, INT, BIGINT, YEAR
//	UNSIGNED integers                          unsigned integer
//	FLOAT, DOUBLE                              float (single, double precision)
//	CHAR, VARCHAR, TEXT types, ENUM, SET,      text
//	JSON, DECIMAL, TIME
//	DATE                                       text, 2006-01-02
//	DATETIME, TIMESTAMP                        RFC 3339 text in UTC (DATETIME read as UTC)
//	BINARY, VARBINARY, BLOB types, BIT,        byte string
//	GEOMETRY and anything else
//	NULL                                       null
//
// # Errors
//
// Failures of the statement are reported in the result's error member, and the invocation
// itself succeeds, as wasmCloud providers did: the server's error has code db and the server's
// message with its error number; a server that cannot be reached or a statement that times
// out has code io, naming the server; a parameter that is not CBOR has code decoding; rows
// beyond max_result_bytes have code provider and say which limit to change. A payload that
// does not decode and an unknown operation are invocation errors. Health pings every link's
// database (2 s each) and lists the failures by actor; it recovers by itself when the server
// is back.
package sqldbmysql
