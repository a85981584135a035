// Package host is a Trellis host: it joins a lattice over NATS, runs actors on the wasm
// runtime, routes and authorises their host calls, answers the control interface, and
// reports what it does as CloudEvents and heartbeats.
//
// The actor supervisor starts actors from references, scales them (an instance is one
// concurrent invocation), stops them and updates them live — in-flight calls finish on the old
// code while new calls go to the new one. Each running actor has one queue subscription per
// host on wasmbus.rpc.<lattice>.<actor>, so calls are spread over every host running it;
// calls between actors on the same host are dispatched in-process with the same checks.
//
// It does not parse manifests (internal/deploy), fetch from registries (internal/oci) or run
// providers yet. Users: `trellis up` (cmd/trellis) and the multi-host tests.
package host
