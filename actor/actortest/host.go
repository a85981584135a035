//go:build !wasip1

package actortest

import (
	"context"

	"github.com/trellis-lattice/trellis/actor/internal/testhost"
)

// Call is one host call made by actor code: the binding/namespace/operation
// triple and the raw payload bytes.
type Call struct {
	Binding   string
	Namespace string
	Operation string
	Payload   []byte
}

// HostFunc answers a host call in place of a real host. Returning an error
// makes the call fail: actor code receives an *actor.HostError whose Message
// is the error's text.
type HostFunc func(ctx context.Context, c Call) ([]byte, error)

// WithHost returns a copy of ctx whose host calls go to h. Pass the result to
// [Invoke], or straight to code that makes host calls. Because the host
// travels in the context, tests using different hosts can run in parallel.
func WithHost(ctx context.Context, h HostFunc) context.Context {
	return testhost.WithHost(ctx, func(ctx context.Context, binding, namespace, operation string, payload []byte) ([]byte, error) {
		return h(ctx, Call{Binding: binding, Namespace: namespace, Operation: operation, Payload: payload})
	})
}
