package actor

import (
	"context"
	"errors"

	"github.com/trellis-lattice/trellis/actor/internal/wrap"
)

// DefaultLink is the link name (binding) used when an actor does not choose
// one, in Trellis as in wasmCloud.
const DefaultLink = "default"

// HostCall sends payload to the target named by binding, namespace and
// operation (ACTORS.md §2.1) and returns the raw response bytes:
//   - a capability provider: binding is the link name (usually
//     [DefaultLink]), namespace the contract id such as "wasmcloud:keyvalue",
//     operation "Service.Method" such as "KeyValue.Increment";
//   - a builtin: namespace "wasmcloud:builtin:logging" or
//     "wasmcloud:builtin:numbergen", binding "default";
//   - another actor: see [Call].
//
// The call blocks until the host answers. If the host refuses or the target
// fails, the error is a [*HostError] carrying the host's message. HostCall
// returns ctx's error without calling the host if ctx is already done.
func HostCall(ctx context.Context, binding, namespace, operation string, payload []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap.Err("host call "+namespace+" "+operation, err)
	}
	return hostCall(ctx, binding, namespace, operation, payload)
}

// Call invokes operation on another actor, addressed by its public key (an
// "M…" key of 56 characters) or by its call alias such as "examples/ponger".
// It is [HostCall] with an empty binding and the target as namespace, as
// wasmCloud 0.x actors do.
func Call(ctx context.Context, target, operation string, payload []byte) ([]byte, error) {
	if target == "" {
		return nil, errors.New("actor call " + operation + ": empty target: give a public key or call alias")
	}
	return HostCall(ctx, "", target, operation, payload)
}
