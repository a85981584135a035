// Package telnet is the first-party wasmcloud:telnet capability provider (contract/telnet),
// built on the provider SDK: it accepts TCP connections on one listener per linked actor and
// turns each into a session of that actor.
//
// # Link values
//
// Keys are matched without regard to case.
//
//	address       HOST:PORT to listen on, e.g. "0.0.0.0:2323" or ":2323" (all interfaces).
//	PORT          port to listen on, on 127.0.0.1 (loopback only); used when address is unset.
//	              One of address and PORT is required; the port must be 1–65535.
//	max_line      longest line accepted, in bytes of data. Default 4096 (DefaultMaxLine).
//	max_sessions  most sessions open at once on the link. Default 1024 (DefaultMaxSessions).
//	idle_timeout  a Go duration ("5m"): a session without input for this long is told
//	              "idle timeout" and closed. Default: none.
//
// PutLink starts the actor's listener and fails, naming the actor, link and address, when a
// value is invalid or the address cannot be bound (e.g. the port is in use). When the address
// changes, the new one is bound before the old listener stops; a change of the other values
// alone keeps the listener and applies to sessions started afterwards.
//
// # Sessions
//
// Each connection gets a session id made of the provider's instance id (a fresh UUID per
// launch) and a counter, so ids are unique across the lattice and restarts. The provider calls
// Telnet.SessionStarted first; if it fails, the client reads "error: <reason>" and is
// disconnected, and no SessionEnded follows. Beyond max_sessions a client reads "server full"
// and is disconnected.
//
// Input is read as lines ending in LF (CR LF works too). Telnet commands are stripped (IAC
// WILL/WONT/DO/DONT and their option, IAC SB … IAC SE, other two-byte commands); IAC IAC is
// the data byte 255. The provider negotiates no options and answers none. Control characters
// other than tab are dropped, and each byte that is not valid UTF-8 (255 included) becomes
// U+FFFD. A line longer than max_line is discarded up to its LF and the client reads
// "line too long (max N bytes)". Every line becomes one Telnet.ReceiveText call; the calls of
// one session are made one at a time, in order (the session is not read meanwhile). When the
// actor returns an error the client reads "error: <reason>" and the session goes on.
//
// Telnet.SendText writes text to a session of the calling actor: LF becomes CR LF, the byte
// 255 is escaped, and no line ending is added. Writes to one session are serialized and
// bounded by WriteTimeout; a client that does not read is disconnected. SendText to a session
// that has ended, never existed or belongs to another actor fails with
// "session S is not connected".
//
// When the client disconnects (a partial last line is dropped), goes idle or fails, the actor
// gets Telnet.SessionEnded with the reason, e.g. "client disconnected". DeleteLink and Shutdown
// close the listener, tell every client "server shutting down" and close its connection; the
// actor gets no SessionEnded for those sessions, as it is being unlinked or the provider is
// going away.
//
// Health reports healthy when every listener is accepting connections.
//
// Sessions live in the process that accepted them: with several instances of the provider in
// one lattice, a SendText may reach an instance that does not hold the session and fail with
// "not connected". Run one instance per link name.
//
// The child-process entry point is cmd/telnet.
package telnet
