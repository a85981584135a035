// Package wasmrt runs WebAssembly actors on wazero.
//
// It owns one wazero runtime (compiler engine, file-backed compilation cache), the host
// modules an actor imports — the nine waPC functions under both `wasmbus` and `wapc`, WASI
// preview 1 for modules that import it, AssemblyScript's `env.abort` — and, per loaded actor,
// a pool of warm instances bounded by a maximum concurrency. Each invocation runs on one
// instance with its own per-call state, under the actor's memory limit and deadline; an
// instance that trapped, overran its deadline or its memory is discarded, never reused.
//
// What an actor asks of the outside world through `__host_call` is handed, untouched, to a
// [HostCaller] that the host layer implements (routing, links, authorisation, NATS). wasmrt
// itself knows nothing about links, lattices or NATS. Claims are validated here, before a
// module is instantiated, because no unsigned or tampered code may ever run.
//
// Users: internal/host (the actor supervisor) and the tests and benchmarks of the runtime.
package wasmrt
