// Package chattest is the test support shared by the chat example's actors: a fake Trellis
// host ([Host]) that keeps a wasmcloud:keyvalue store in memory, records log lines and plays
// the other chat actors, and helpers to invoke the actor under test with JSON requests
// ([Invoke], [Host.Run], [RunStoreFailures]).
//
// It exists only for the tests of examples/chat/messages, rooms and presence; no actor imports
// it. It does not start real providers or hosts: the end-to-end test in examples/chat does.
//
// Like package actortest, which it builds on, its functions are not built for wasip1, so test
// files that import it carry the constraint //go:build !wasip1.
package chattest
