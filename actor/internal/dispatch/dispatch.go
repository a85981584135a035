package dispatch

import (
	"context"
	"errors"
)

// HealthOperation is the operation every wasmCloud host may send to check an
// actor (ACTORS.md §3.3.1).
const HealthOperation = "Actor.HealthRequest"

// healthyReply is HealthCheckResponse{healthy: true} in MessagePack:
// fixmap(1) "healthy" true.
var healthyReply = []byte{0x81, 0xa7, 'h', 'e', 'a', 'l', 't', 'h', 'y', 0xc3}

// Dispatch runs the handler registered for op with payload and returns its
// response. The operation name must match exactly.
//
// Without a handler, Actor.HealthRequest is answered with {healthy: true} and
// any other operation fails with "<op>: No handler registered", the text
// TinyGo actors use. A panicking handler does not take the instance down: the
// panic is recovered and returned as the error "panic in <op>: <value>".
func (t *Table) Dispatch(ctx context.Context, op string, payload []byte) (resp []byte, err error) {
	h, ok := t.lookup(op)
	if !ok {
		if op == HealthOperation {
			return append([]byte(nil), healthyReply...), nil
		}
		return nil, errors.New(op + ": No handler registered")
	}
	defer func() {
		if v := recover(); v != nil {
			resp, err = nil, errors.New("panic in "+op+": "+describe(v))
		}
	}()
	return h(ctx, payload)
}
