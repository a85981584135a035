// Package wasmrt runs WebAssembly actors on wazero.
//
// It owns the wazero runtimes (compiler engine, file-backed compilation cache), the host
// modules an actor imports — the nine waPC functions under both `wasmbus` and `wapc`, WASI
// preview 1 for modules that import it, AssemblyScript's `env.abort` — and, per loaded actor,
// a pool of warm instances bounded by a maximum concurrency. Each invocation runs on one
// instance with its own per-call state, under the actor's memory limit and deadline; an
// instance that trapped, overran its deadline or its memory is discarded, never reused.
//
// A deadline must stop a guest that loops forever. Each module's loops are instrumented at
// load (wasmbin.AddInterruptCheck): they count down, visit the runtime every
// wasmbin.InterruptPeriod iterations (a preemption point for Go's scheduler and garbage
// collector) and trap there once the call's context has ended. Modules that cannot be
// instrumented run on a second wazero runtime under WithCloseOnContextDone, which stops them
// too at several times the cost per loop iteration.
//
// What an actor asks of the outside world through `__host_call` is handed, untouched, to a
// [HostCaller] that the host layer implements (routing, links, authorisation, NATS). wasmrt
// itself knows nothing about links, lattices or NATS. Claims are validated here, before a
// module is instantiated, because no unsigned or tampered code may ever run.
//
// Users: internal/host (the actor supervisor) and the tests and benchmarks of the runtime.
package wasmrt
