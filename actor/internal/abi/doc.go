// Package abi is the wasip1 side of the waPC/wasmbus ABI (ACTORS.md §1): the
// nine functions an actor imports from module "wasmbus" and the two it
// exports, __guest_call and __wasmbus_rpc_version.
//
// It exists so that a Go actor runs unchanged on a wasmCloud 0.x host: every
// import is an i32-only function of module wasmbus, payloads cross as raw
// bytes, and __guest_call follows §1.5 exactly. Guest calls go to
// dispatch.Default; HostCall and ConsoleLog serve package actor.
//
// It does not encode or decode payloads, and it compiles to nothing outside
// GOOS=wasip1: native builds route host calls through actortest instead.
package abi
