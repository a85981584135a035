// Package ctl is the Go client of the Trellis (wasmCloud 0.x) lattice control interface: the
// JSON types of PROTOCOL.md §4–§6 — link definitions, claims records, host and inventory
// descriptions, commands and acks, CloudEvents — the subjects they travel on (Topics), and a
// Client that sends commands and queries over NATS and follows the event stream.
//
// The CLI, the reconciler, the console and tests use the Client; hosts use the types, Topics
// and NewEvent to answer, so both sides agree on the wire by construction. The package does not
// run anything itself and knows nothing of wasm or of how hosts work inside.
//
// Trellis extensions, all invisible to wasmCloud 0.x peers (extra fields, new subjects):
//   - every command carries an optional correlation_id, echoed by Trellis hosts in the ack and
//     in the data of every event the command causes (PROTOCOL.md §9.2);
//   - label_put and label_del on {ctl}.{lattice}.cmd.{host}.label_put / .label_del change a
//     host's labels at run time, reported by a labels_changed event;
//   - hosts keep a membership record in the key-value bucket HostsBucket(lattice), so that
//     Hosts and the auctions return as soon as every expected host has answered instead of
//     waiting a fixed time (PROTOCOL.md §9.1);
//   - heartbeats carry host_id and lattice.
package ctl
