// Package provider is the Trellis capability provider SDK: it runs a Provider against a lattice
// as PROTOCOL.md §3 describes a wasmCloud 0.x provider.
//
// Run serves the provider's RPC subject wasmbus.rpc.{lattice}.{provider}.{link} (queue group
// "rpc") with full invocation validation, and passes invocations from linked actors to
// Provider.Handle. It keeps the provider's links current from three sources — the HostData link
// definitions, the lattice's LATTICEDATA key-value bucket (read at start-up and watched, so no
// link is missed) and the linkdefs.put/del subjects — and calls PutLink and DeleteLink once per
// change. It answers health checks from Provider.Health and ends on the shutdown subject. Conn,
// handed to providers that implement Initializer, signs outbound calls to actors.
//
// A provider runs as a child process of a host (Main reads HostData from stdin and connects to
// NATS) or in-process (the caller passes a NATS connection and HostData to Run). The package does
// not launch or supervise providers, nor does it define contracts: hosts and contract packages do.
package provider
