//go:build !wasip1

package actor

import (
	"context"

	"github.com/trellis-lattice/trellis/actor/internal/testhost"
)

// noHostMessage is the host error natively when no test host is installed.
const noHostMessage = "no host: actor code running natively needs a test host (actortest.WithHost)"

// hostCall sends the call to the test host stored in ctx by
// actortest.WithHost. Payload and response are copied, as they would be
// across the wasm boundary, so neither side can see the other mutate them.
func hostCall(ctx context.Context, binding, namespace, operation string, payload []byte) ([]byte, error) {
	h := testhost.FromContext(ctx)
	if h == nil {
		return nil, &HostError{Binding: binding, Namespace: namespace, Operation: operation, Message: noHostMessage}
	}
	resp, err := h(ctx, binding, namespace, operation, clone(payload))
	if err != nil {
		return nil, &HostError{Binding: binding, Namespace: namespace, Operation: operation, Message: err.Error()}
	}
	return clone(resp), nil
}

// clone returns a copy of b that is never nil, like a buffer read from the
// host.
func clone(b []byte) []byte {
	return append(make([]byte, 0, len(b)), b...)
}
