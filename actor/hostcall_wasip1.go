//go:build wasip1

package actor

import (
	"context"

	"github.com/trellis-lattice/trellis/actor/internal/abi"
)

// hostCall performs the call through the wasmbus __host_call import.
func hostCall(_ context.Context, binding, namespace, operation string, payload []byte) ([]byte, error) {
	resp, ok := abi.HostCall(binding, namespace, operation, payload)
	if !ok {
		return nil, &HostError{Binding: binding, Namespace: namespace, Operation: operation, Message: string(resp)}
	}
	return resp, nil
}
