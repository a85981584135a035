// Package numbergen gives an actor GUIDs and random numbers from the
// wasmcloud:builtin:numbergen builtin, which the host answers itself.
//
// [GenerateGuid], [RandomInRange] and [Random32] are each one host call
// (binding "default", no link needed) encoded with package
// contract/numbergen. The actor needs the capability claim
// wasmcloud:builtin:numbergen; without it the host refuses the call with an
// *actor.HostError. The package does not generate numbers itself: an actor
// may also use crypto/rand or math/rand, which read WASI random_get.
package numbergen
