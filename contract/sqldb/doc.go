// Package sqldb is the wasmCloud 0.x contract wasmcloud:sqldb (ACTORS.md §3.3.7): actors run
// SQL statements on a database provider (PostgreSQL, MySQL/MariaDB, …) and get back row counts
// and result rows.
//
// Each operation's input and output payload, and the Go type that encodes and decodes it:
//
//	operation       input                                 output
//	SqlDb.Execute   Statement                             ExecuteResult
//	SqlDb.Query     Statement                             QueryResult
//	SqlDb.Fetch     str SQL: codec.EncodeString (legacy)  FetchResult (same as QueryResult)
//
// SqlDb.Fetch is the 2021-10 model's query; its input is the bare SQL text. Execute kept its
// name but took a bare str as well in that model; providers accept both forms.
//
// Two payload members carry CBOR (RFC 8949, without the 0x7f prefix of §3.2), made and read
// with package contract/cbor: each of Statement.Parameters is one CBOR value, bound
// positionally ([EncodeParams]), and QueryResult.Rows is a CBOR array of rows, each an array
// of column values ([DecodeRows]). Parameters travel as msgpack arrays of u8 integers, as Rust
// actors write them (serde_bytes is not applied to list members); readers accept bin too.
//
// A database failure is not an invocation error: the provider returns a result whose Error
// member says what went wrong ([SqlDbError], with one of the Code constants).
//
// Go actors use the package through the actor SDK (it compiles for wasip1 and imports no fmt,
// reflect, encoding/json or time); sqldb providers use it on the provider side. It does not
// talk to any database.
package sqldb
