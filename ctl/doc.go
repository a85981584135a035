// Package ctl is the Go client of the Trellis (wasmCloud 0.x) lattice control interface: the
// JSON types of PROTOCOL.md §4–§6 — link definitions, claims records, host and inventory
// descriptions, commands and acks, CloudEvents — and a Client that sends commands and queries
// over NATS and follows the event stream.
//
// The CLI, the reconciler, the console and tests use it; hosts use its types to answer. It
// does not run anything itself and knows nothing of wasm or of how hosts work inside.
package ctl
