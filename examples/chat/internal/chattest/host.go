//go:build !wasip1

package chattest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/contract/logging"
)

// ActorFunc answers a call to another actor: op with its payload.
type ActorFunc func(op string, payload []byte) ([]byte, error)

// Host stands in for a Trellis host in the chat actors' tests: it answers
// wasmcloud:keyvalue on the default link from memory (decoding the requests with package
// contract/keyvalue, as a provider does), records log lines, and answers calls to other actors
// (binding "", namespace = call alias) with the functions in Actors, recording each call.
type Host struct {
	// Actors answers actor calls by call alias; an alias without a function is not found.
	Actors map[string]ActorFunc
	// FailKV makes the store fail this KeyValue operation, "" for none.
	FailKV string

	mu    sync.Mutex
	keys  map[string]string
	lists map[string][]string
	sets  map[string][]string // sorted
	calls []actortest.Call    // actor calls, oldest first
	logs  []logging.LogEntry
}

// NewHost returns a host with an empty store and no other actors.
func NewHost() *Host {
	return &Host{
		Actors: map[string]ActorFunc{},
		keys:   map[string]string{},
		lists:  map[string][]string{},
		sets:   map[string][]string{},
	}
}

// Context returns t's context with h as the host.
func (h *Host) Context(t *testing.T) context.Context {
	return actortest.WithHost(t.Context(), h.host)
}

func (h *Host) host(_ context.Context, c actortest.Call) ([]byte, error) {
	switch {
	case c.Namespace == keyvalue.ContractID && c.Binding == actor.DefaultLink:
		h.mu.Lock()
		defer h.mu.Unlock()
		if c.Operation == h.FailKV {
			return nil, errors.New("connection refused")
		}
		return h.kv(c.Operation, c.Payload)
	case c.Namespace == logging.ContractID && c.Operation == logging.OpWriteLog:
		var e logging.LogEntry
		if err := e.UnmarshalMsg(c.Payload); err != nil {
			return nil, err
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		h.logs = append(h.logs, e)
		return nil, nil
	case c.Binding == "":
		h.mu.Lock()
		h.calls = append(h.calls, c)
		fn := h.Actors[c.Namespace]
		h.mu.Unlock()
		if fn == nil {
			//lint:ignore ST1005 the host's own text, which the actors under test look for
			return nil, fmt.Errorf("Call alias not found: %s on default", c.Namespace)
		}
		return fn(c.Operation, c.Payload)
	}
	return nil, fmt.Errorf("unexpected host call %s %s %s", c.Binding, c.Namespace, c.Operation)
}

// Key returns the value stored under key, "" if there is none.
func (h *Host) Key(key string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.keys[key]
}

// Set returns a copy of the members of a set, sorted.
func (h *Host) Set(name string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.sets[name])
}

// PutSet replaces the members of a set with members (none when it is empty).
func (h *Host) PutSet(name string, members []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	vs := slices.Clone(members)
	slices.Sort(vs)
	h.sets[name] = slices.Compact(vs)
}

// List returns a copy of a list.
func (h *Host) List(name string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.lists[name])
}

// ActorCalls returns the calls made to other actors, oldest first.
func (h *Host) ActorCalls() []actortest.Call {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.calls)
}

// LogLines returns the lines logged, oldest first.
func (h *Host) LogLines() []logging.LogEntry {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.logs)
}
