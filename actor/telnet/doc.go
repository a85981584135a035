// Package telnet lets an actor serve telnet sessions through a
// wasmcloud:telnet provider with Go values instead of MessagePack.
//
// [HandleSessionStarted], [HandleReceiveText] and [HandleSessionEnded]
// register the actor's handlers for the provider's Telnet.SessionStarted,
// Telnet.ReceiveText and Telnet.SessionEnded calls. [SendText] writes text
// to a session through the provider linked under "default"; [Link] returns a
// [Client] for another link name. [SessionStarted], [TextMessage] and
// [SessionEnded] are the types of package contract/telnet (type aliases).
//
// Host and provider failures are returned as *actor.HostError; writing to a
// session that has ended fails with "session S is not connected". The actor
// needs the capability claim wasmcloud:telnet and a link, whose values choose
// the port. The package keeps no per-session state: actors key their own by
// session id.
package telnet
