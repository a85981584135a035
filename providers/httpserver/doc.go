// Package httpserver is the first-party wasmcloud:httpserver capability provider (ACTORS.md
// §3.3.2), built on the provider SDK: it serves HTTP on one listener per linked actor and turns
// each request into an HttpServer.HandleRequest call on that actor.
//
// # Link values
//
// Keys are matched without regard to case.
//
//	address   HOST:PORT to listen on, e.g. "0.0.0.0:8080" or ":8080" (all interfaces).
//	PORT      port to listen on, on 127.0.0.1 (loopback only); used when address is unset.
//	          One of address and PORT is required; the port must be 1–65535.
//	timeout   bound on each actor call: a Go duration ("1.5s", "250ms") or whole milliseconds
//	          ("1500"). Default: the HostData RPC timeout.
//	max_body  largest request body accepted, in bytes. Default 16 MiB (DefaultMaxBody).
//
// PutLink starts the actor's listener and fails, naming the actor and address, when a value is
// invalid or the address cannot be bound (e.g. the port is in use). When a link's values change,
// a new address is bound before the old listener stops, so a failed change leaves the old link
// serving; a change of timeout or max_body alone applies to the running listener. DeleteLink and
// Shutdown stop listeners gracefully: in-flight requests get up to GracePeriod to finish.
//
// # Requests and responses
//
// The actor receives method in upper case, the raw (escaped) URL path, the query string without
// "?", the headers under lowercase names (with host), and the body. Its response's status,
// headers and body are written back; Content-Length is computed by the provider. Failures become
// plain-text responses with the reason in the body:
//
//	413  the body exceeds max_body
//	503  the actor is not running anywhere in the lattice (no responders)
//	500  the actor returned an error (its text), its response could not be decoded, or its
//	     status is not in 200–599
//	504  the actor did not answer within the timeout
//
// Health reports healthy when every listener is serving.
//
// The child-process entry point is cmd/httpserver.
package httpserver
