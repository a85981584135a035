//go:build !wasip1

package actortest

import (
	"context"

	"github.com/trellis-lattice/trellis/actor/internal/dispatch"
)

// Invoke calls the handler registered for op with payload, as a host's guest
// call would, and returns its response. The error's text is exactly the guest
// error message a host would receive, for example
// "Foo.Bar: No handler registered" or "panic in Foo.Bar: boom".
func Invoke(ctx context.Context, op string, payload []byte) ([]byte, error) {
	return dispatch.Default.Dispatch(ctx, op, payload)
}
