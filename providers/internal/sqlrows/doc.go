// Package sqlrows is what the wasmcloud:sqldb providers (sqldb-postgres, sqldb-mysql) share:
// the provider itself (Provider: links, dispatch, health and shutdown over a Database per
// linked actor, which the provider's Driver opens), the common link values (Options), the
// dispatch of SqlDb operations onto a database Backend with the error rules of the contract
// (Dispatch), and the CBOR row writer that enforces the result size limit (Writer). It holds
// no database driver: each provider opens its connections and maps its driver's values and
// errors onto Writer and sqldb.SqlDbError. Package sqltest holds the tests both providers run.
package sqlrows
