// Package lattice implements the wasmCloud 0.x lattice RPC of PROTOCOL.md §2 and §4 as Trellis
// speaks it: the Invocation and InvocationResponse wire types and their entities, the RPC
// subjects, signing and validating invocation tokens (with the Trellis corrections: tokens
// expire, receivers check that they are the target and always hash the de-chunked body),
// chunking of large payloads through the lattice's JetStream object store, a Client and a
// Responder for request/reply over NATS, and Store, the cache of links, claims and reference
// maps kept in the LATTICEDATA_{lattice} key-value bucket.
//
// It knows nothing of wasm, actor instances, providers' processes or the control interface:
// internal/host routes host calls, checks capabilities and emits events on top of it, and the
// provider SDK serves its invocations with the same Responder.
package lattice
