// Package logging is the wasmCloud 0.x built-in contract
// wasmcloud:builtin:logging (ACTORS.md §2.4): an actor sends a log line to
// its host, which logs it with the actor's identity. No provider or link is
// involved; the actor's claims must list the contract.
//
//	operation          input      output
//	Logging.WriteLog   LogEntry   none (0 bytes)
//
// LogEntry encodes with AppendMsg and decodes a whole payload with
// UnmarshalMsg, following the msgpack rules of package codec. Go actors use
// the package through the actor SDK's logging; the host decodes the entries.
// It does not format or route logs.
package logging
