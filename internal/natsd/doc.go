// Package natsd runs the embedded NATS server (github.com/nats-io/nats-server/v2) that a Trellis
// process starts when it is not pointed at an external NATS: client listener or in-process only,
// JetStream file storage under a data directory, cluster routes, and leaf node connections in
// both directions.
//
// It translates a small Config into nats-server options, starts the server, waits until it is
// ready, logs through log/slog and hands out connections (in-process ones need no TCP). It does
// not decide which lattice runs on the server, hold credentials or talk the lattice protocol:
// cmd/trellis fills the Config from flags, internal/host and the tests connect through it.
package natsd
