// Package sqldb lets an actor run SQL on a wasmcloud:sqldb provider (PostgreSQL, MySQL, …)
// with Go values instead of MessagePack and CBOR.
//
// [Execute] runs a statement and returns the rows it affected; [Query] returns the result's
// columns and rows of decoded values. Arguments are bound to the statement's placeholders in
// order ($1, $2, … for PostgreSQL, ? for MySQL) and may be nil, bool, integers, floats,
// strings and []byte. [Link] returns a [Client] with the same methods for a provider linked
// under another name.
//
// Each call is one host call encoded with package contract/sqldb. A database failure that the
// provider reports in the result (a syntax error, a constraint, a server that is down) is
// returned as a *[Error] whose Code says which kind; a failure of the host or provider is an
// *actor.HostError. The actor needs the capability claim wasmcloud:sqldb and a link; the
// package does not pool, cache or retry.
package sqldb
