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
// Lattice commands (control interface, through package ctl; --nats-url, --lattice, --timeout,
// -o json on each):
//
//	trellis get hosts|inventory [HOST]|links|claims
//	trellis start actor REF       on a host chosen by auction, or --host
//	trellis scale actor ACTOR REF N
//	trellis stop actor ACTOR      on every host running it, or --host
//	trellis stop host HOST
//	trellis update actor ACTOR NEWREF
//	trellis link put|del|get
//	trellis label put|del HOST    (Trellis extension)
//	trellis events                follow the lattice's CloudEvents
//	trellis call ACTOR OPERATION  signed invocation with JSON data
//
// Hosts and actors are named by public key, a unique prefix of it, a friendly name (hosts) or a
// claims name or call alias (actors). Keys are kept in $TRELLIS_KEYS_DIR, by default
// ~/.trellis/keys; the lattice's cluster key, which signs calls, is <lattice>_cluster.nk there.
package main
