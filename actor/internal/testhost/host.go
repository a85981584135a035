//go:build !wasip1

package testhost

import (
	"context"
	"sync"
)

// HostFunc answers one host call. A non-nil error stands for the host's
// failure answer: its text becomes the host error message.
type HostFunc func(ctx context.Context, binding, namespace, operation string, payload []byte) ([]byte, error)

// hostKey is the context key under which a HostFunc is stored.
type hostKey struct{}

// WithHost returns a copy of ctx that carries h.
func WithHost(ctx context.Context, h HostFunc) context.Context {
	return context.WithValue(ctx, hostKey{}, h)
}

// FromContext returns the HostFunc stored in ctx, or nil.
func FromContext(ctx context.Context) HostFunc {
	h, _ := ctx.Value(hostKey{}).(HostFunc)
	return h
}

var (
	consoleMu sync.Mutex
	console   func(text string)
)

// SetConsole makes fn receive every console line and returns the function it
// replaced. A nil fn discards console lines.
func SetConsole(fn func(text string)) (previous func(text string)) {
	consoleMu.Lock()
	defer consoleMu.Unlock()
	previous, console = console, fn
	return previous
}

// Console passes text to the installed console sink, if any.
func Console(text string) {
	consoleMu.Lock()
	fn := console
	consoleMu.Unlock()
	if fn != nil {
		fn(text)
	}
}
