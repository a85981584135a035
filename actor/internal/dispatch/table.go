package dispatch

import (
	"context"
	"sync"
)

// Handler answers one operation: it receives the raw request payload and
// returns the raw response payload.
type Handler func(ctx context.Context, payload []byte) ([]byte, error)

// Table maps operation names to handlers. The zero value is an empty table
// ready to use. It is safe for concurrent use, although actors normally fill
// it from init functions only.
type Table struct {
	mu       sync.RWMutex
	handlers map[string]Handler
}

// Default is the table that actor.Handle fills and the guest-call export
// dispatches on.
var Default Table

// Register adds h as the handler for op. It panics if op is empty, h is nil,
// or op already has a handler: these are programming errors that should stop
// the actor at initialisation, not surface on the first request.
func (t *Table) Register(op string, h Handler) {
	if op == "" {
		panic("actor: Handle called with an empty operation name")
	}
	if h == nil {
		panic("actor: Handle called with a nil handler for operation " + op)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, dup := t.handlers[op]; dup {
		panic("actor: duplicate handler for operation " + op + ": register each operation once")
	}
	if t.handlers == nil {
		t.handlers = make(map[string]Handler)
	}
	t.handlers[op] = h
}

// lookup returns the handler registered for op, if any.
func (t *Table) lookup(op string) (Handler, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	h, ok := t.handlers[op]
	return h, ok
}
