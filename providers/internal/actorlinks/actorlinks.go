// Package actorlinks is the per-actor table of link state that first-party providers keep
// (a Redis client, a KV bucket, a NATS connection with subscriptions): put on PutLink, drop on
// DeleteLink, look up on every invocation, walk in a stable order for Health, drain on
// Shutdown. It holds no I/O; closing what a value owns stays with the provider.
package actorlinks

import (
	"sort"
	"sync"
)

// Table maps actor public keys to a provider's per-link state. The zero value is ready to use
// and safe for concurrent use.
type Table[T any] struct {
	mu sync.RWMutex
	m  map[string]T
}

// Entry is one actor's state, as Sorted returns it.
type Entry[T any] struct {
	Actor string
	Value T
}

// Put binds v to actor and returns the value it replaced, if any.
func (t *Table[T]) Put(actor string, v T) (old T, replaced bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]T{}
	}
	old, replaced = t.m[actor]
	t.m[actor] = v
	return old, replaced
}

// Get returns actor's value.
func (t *Table[T]) Get(actor string) (T, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	v, ok := t.m[actor]
	return v, ok
}

// Delete removes actor and returns its value, if it had one.
func (t *Table[T]) Delete(actor string) (T, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.m[actor]
	delete(t.m, actor)
	return v, ok
}

// Sorted returns every entry ordered by actor key, so health reports read the same each time.
func (t *Table[T]) Sorted() []Entry[T] {
	t.mu.RLock()
	out := make([]Entry[T], 0, len(t.m))
	for a, v := range t.m {
		out = append(out, Entry[T]{Actor: a, Value: v})
	}
	t.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Actor < out[j].Actor })
	return out
}

// Drain empties the table and returns what it held.
func (t *Table[T]) Drain() []T {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]T, 0, len(t.m))
	for _, v := range t.m {
		out = append(out, v)
	}
	t.m = nil
	return out
}
