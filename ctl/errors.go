package ctl

import (
	"fmt"

	"github.com/nats-io/nats.go"
)

// NoResponderError means nothing subscribes to a control subject: no host runs in the lattice,
// or the addressed host is not there. errors.Is(err, nats.ErrNoResponders) is true for it.
type NoResponderError struct {
	Subject string
	Lattice string
}

// Error implements error.
func (e *NoResponderError) Error() string {
	return fmt.Sprintf("no host answered on %s (is a host running in lattice %s?)", e.Subject, e.Lattice)
}

// Unwrap returns nats.ErrNoResponders.
func (e *NoResponderError) Unwrap() error { return nats.ErrNoResponders }

// RejectedError is a host's refusal of a command: an ack with accepted false.
type RejectedError struct {
	// Subject is where the command was sent.
	Subject string
	// Message is the host's reason.
	Message string
}

// Error implements error.
func (e *RejectedError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "no reason given"
	}
	return fmt.Sprintf("host refused %s: %s", e.Subject, msg)
}
