package telnet

import (
	"context"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/internal/wrap"
	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/telnet"
)

// SessionStarted tells the actor that a client connected.
type SessionStarted = telnet.SessionStarted

// TextMessage is a line a client sent, without its line ending.
type TextMessage = telnet.TextMessage

// SessionEnded tells the actor that a session's connection ended, and why.
type SessionEnded = telnet.SessionEnded

// Operations the provider invokes on the actor.
const (
	SessionStartedOperation = telnet.OpSessionStarted
	ReceiveTextOperation    = telnet.OpReceiveText
	SessionEndedOperation   = telnet.OpSessionEnded
)

// HandleSessionStarted registers h as the actor's Telnet.SessionStarted
// handler. Like actor.Handle, call it once, from init. An error refuses the
// session: the provider writes it to the client and closes the connection.
func HandleSessionStarted(h func(ctx context.Context, s *SessionStarted) error) {
	register[SessionStarted](SessionStartedOperation, h)
}

// HandleReceiveText registers h as the actor's Telnet.ReceiveText handler,
// called once per line, one line at a time per session. Like actor.Handle,
// call it once, from init. An error is written to the client as
// "error: …"; the session continues.
func HandleReceiveText(h func(ctx context.Context, m *TextMessage) error) {
	register[TextMessage](ReceiveTextOperation, h)
}

// HandleSessionEnded registers h as the actor's Telnet.SessionEnded handler.
// Like actor.Handle, call it once, from init. The session is gone already:
// SendText to it fails.
func HandleSessionEnded(h func(ctx context.Context, e *SessionEnded) error) {
	register[SessionEnded](SessionEndedOperation, h)
}

// register registers h for op, decoding the payload into a T first. Every
// telnet operation has no output: the actor answers with 0 bytes or h's
// error.
func register[T any, P interface {
	*T
	codec.Message
}](op string, h func(context.Context, *T) error) {
	actor.Handle(op, func(ctx context.Context, payload []byte) ([]byte, error) {
		v := new(T)
		if err := P(v).UnmarshalMsg(payload); err != nil {
			return nil, wrap.Err(op, err)
		}
		return nil, h(ctx, v)
	})
}
