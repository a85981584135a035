// Package actor is the SDK for writing Trellis (and wasmCloud 0.x) actors in
// Go with the standard toolchain.
//
// An actor is a package main built as a WASI reactor:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o actor.wasm .
//
// The Go runtime runs package init functions when the host initialises the
// module but never runs main, so an actor registers its handlers in init and
// leaves main empty:
//
//	func init() {
//		actor.Handle("Pingpong.Ping", ping)
//	}
//
//	func main() {}
//
// Besides the WASI preview 1 functions every Go wasip1 program imports, the
// module imports only the waPC functions of module "wasmbus" (all i32) and
// exports __guest_call and __wasmbus_rpc_version, exactly like Rust and TinyGo
// actors. It therefore runs unchanged on a wasmCloud 0.x host that provides
// WASI, once `trellis build` has added the wapc_init export.
//
// What the package does:
//   - [Handle] registers a [HandlerFunc] for an operation name such as
//     "HttpServer.HandleRequest". Dispatch is by exact name. An operation
//     without a handler fails with "<op>: No handler registered" (the text
//     TinyGo actors use); "Actor.HealthRequest" is answered with
//     {healthy: true} unless the actor registers its own handler; a handler
//     that panics fails only its own call, with "panic in <op>: <value>".
//   - [HostCall] calls a capability provider, builtin or actor by its
//     binding/namespace/operation triple and returns the raw response or a
//     [*HostError]; [Call] is the actor-to-actor shorthand.
//   - [Log] writes through the wasmcloud:builtin:logging builtin;
//     [ConsoleLog] writes a raw line through __console_log.
//
// What it does not do: it does not encode or decode payloads (the contract
// packages under contract/ do, and the typed helpers in actor/httpserver,
// actor/keyvalue, actor/messaging, actor/httpclient and actor/numbergen wrap
// both), it does not format log lines (actor/logging has Debugf, Infof, Warnf
// and Errorf), and it keeps no state between invocations.
// Handlers must finish their work before returning: an actor has no
// background goroutines between calls and must not block waiting for one.
//
// Natively (any GOOS but wasip1) the same API compiles so actor code can be
// unit-tested with go test; package actortest supplies the host and invokes
// handlers. To keep actors small the package does not import fmt or
// encoding/json.
package actor
