// Package core holds the types of the core Actor interface that every
// wasmCloud 0.x actor implements (ACTORS.md §3.3.1): the health check a host
// sends to an actor and the actor's reply.
//
// The core interface has no contract id: the host calls it on any actor, so
// the package defines operation names but no ContractID.
//
//	operation                   input                            output
//	Actor.HealthRequest         HealthCheckRequest (map, "80")   HealthCheckResponse
//	HealthRequest (waPC legacy) {placeholder: bool}              {healthy, message: ""}
//
// Types encode with AppendMsg and decode a whole payload with UnmarshalMsg,
// using the msgpack rules of package codec. The host builds requests and reads
// replies; Go actors answer through the actor SDK. The package does not run
// health checks or decide what health means.
package core
