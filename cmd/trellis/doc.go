// Command trellis is Trellis' single binary: the command-line tool today, and the host, embedded
// NATS server and console as later subcommands.
//
// This package is wiring only: it reads flags and environment, calls into internal packages
// (claims, wasmbin, ...) and prints their results, as text or, with -o json, as JSON. main is a
// thin wrapper around run, so every command is tested in-process.
//
// Commands so far:
//
//	trellis keys gen TYPE        create nkeys (account, module, provider, host, ...)
//	trellis claims sign FILE     embed signed claims in an actor module
//	trellis claims inspect FILE  show and check a module's claims
//	trellis build [DIR]          compile a Go actor for wasip1, add wapc_init, sign it
//
// Keys are kept in $TRELLIS_KEYS_DIR, by default ~/.trellis/keys.
package main
