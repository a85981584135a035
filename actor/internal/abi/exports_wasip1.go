//go:build wasip1

package abi

import (
	"context"

	"github.com/trellis-lattice/trellis/actor/internal/dispatch"
)

// guestCall is the entry point for every invocation (§1.5). The host has set
// the operation and payload; the guest fetches them into buffers of the given
// lengths, dispatches, and reports the result through __guest_response
// (returning 1) or __guest_error (returning 0). Every buffer and the context
// are new for each call, so nothing from one invocation reaches the next.
//
//go:wasmexport __guest_call
//lint:ignore U1000 called by the host through the wasm export, which staticcheck does not see
func guestCall(opLen, payloadLen uint32) uint32 {
	op := make([]byte, opLen)
	payload := make([]byte, payloadLen)
	guestRequest(bytesPtr(op), bytesPtr(payload))

	resp, err := dispatch.Default.Dispatch(context.Background(), string(op), payload)
	if err != nil {
		msg := err.Error()
		guestError(stringPtr(msg), size32(len(msg)))
		return 0
	}
	guestResponse(bytesPtr(resp), size32(len(resp)))
	return 1
}

// rpcVersion tells the host which wasmbus-rpc ABI revision this actor speaks;
// 1 matches wasmbus-rpc 0.7 and later (§1.3).
//
//go:wasmexport __wasmbus_rpc_version
//lint:ignore U1000 called by the host through the wasm export, which staticcheck does not see
func rpcVersion() uint32 {
	return 1
}
