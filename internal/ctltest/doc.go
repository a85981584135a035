// Package ctltest provides what tests of control-interface clients need: an in-process NATS
// server with JetStream on a free port, fixed test keys, and FakeHost, a small responder that
// answers the control interface of PROTOCOL.md §5 like a host would, records the commands it
// receives, keeps a membership record and emits the events of the start command.
//
// It is for tests only (ctl, cmd/trellis); it runs no actors and checks nothing a real host
// checks.
package ctltest
