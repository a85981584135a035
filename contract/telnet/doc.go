// Package telnet is the Trellis contract wasmcloud:telnet: a telnet provider
// accepts TCP connections (sessions) for an actor, delivers the text lines
// clients type to it, and writes the text the actor sends back.
//
//	operation              receiver   input            output
//	Telnet.SessionStarted  actor      SessionStarted   none (0 bytes)
//	Telnet.ReceiveText     actor      TextMessage      none (0 bytes)
//	Telnet.SessionEnded    actor      SessionEnded     none (0 bytes)
//	Telnet.SendText        provider   TextMessage      none (0 bytes)
//
// Every structure is a msgpack map of required String members, always
// written (ACTORS.md §3.1): SessionStarted {session, remoteAddr},
// TextMessage {session, text} and SessionEnded {session, reason}. Decoders
// read by key, skip unknown keys and default missing members to "".
//
// A session id names one connection. Providers make it unique across the
// lattice and across provider restarts (for example the provider's instance
// id and a counter), so an actor can key per-session state by it. SendText
// to a session that is not (or no longer) connected fails with
// "session S is not connected".
//
// Go actors use the package through the actor SDK (actor/telnet); the telnet
// provider (providers/telnet) uses it on the other side. It opens no
// connections itself, and like every contract package it compiles for wasip1
// and imports only package codec.
package telnet
