// Package dispatch holds an actor's operation table and routes guest calls to
// its handlers.
//
// It is the platform-independent core of the actor SDK: the wasip1
// __guest_call export (package abi) and the native test path (package
// actortest) both call [Table.Dispatch] on [Default], so a handler behaves the
// same under a real host and under go test. Dispatch matches operation names
// exactly, answers Actor.HealthRequest when the actor does not, and turns a
// handler panic into an error.
//
// It does not decode payloads, talk to the host or know about wasm; the public
// API for registering handlers is actor.Handle.
package dispatch
