// Package keyvalue lets an actor use a wasmcloud:keyvalue provider (Redis,
// in-memory, …) with Go values instead of MessagePack.
//
// The package-level functions call the provider linked to the actor under
// the link name "default"; [Link] returns a [Client] with the same methods
// for another link name, so one actor can use two differently configured
// stores. Every operation of the KeyValue service is covered: single keys
// ([Get], [Set], [Del], [Contains], [Increment]), lists ([ListAdd],
// [ListDel], [ListClear], [ListRange]) and sets ([SetAdd], [SetDel],
// [SetQuery], [SetUnion], [SetIntersection], [SetClear]).
//
// Each function is one host call encoded with package contract/keyvalue. A
// failure of the host or provider is returned as an *actor.HostError. The
// actor needs the capability claim wasmcloud:keyvalue and a link; the
// package does not cache, batch or retry.
package keyvalue
