package rpc

import (
	"context"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/internal/wrap"
)

// Target names the receiver of a host call: a link name and a contract id.
type Target struct {
	Link     string
	Contract string
}

// Call performs operation on t with payload and decodes the response with
// decode. A host failure is returned as the *actor.HostError itself, whose
// text already names the call; a response that does not decode is reported
// as "decode <operation> response: …".
func Call[T any](ctx context.Context, t Target, operation string, payload []byte, decode func([]byte) (T, error)) (T, error) {
	var zero T
	resp, err := actor.HostCall(ctx, t.Link, t.Contract, operation, payload)
	if err != nil {
		return zero, err
	}
	v, err := decode(resp)
	if err != nil {
		return zero, wrap.Err("decode "+operation+" response", err)
	}
	return v, nil
}

// CallUnit performs operation on t with payload for an operation without
// output: any response bytes are ignored, as receivers of unit operations do.
func CallUnit(ctx context.Context, t Target, operation string, payload []byte) error {
	_, err := actor.HostCall(ctx, t.Link, t.Contract, operation, payload)
	return err
}

// Decoder returns a decode function for a structure type whose pointer has
// the contract packages' UnmarshalMsg method.
func Decoder[T any, P interface {
	*T
	UnmarshalMsg([]byte) error
}]() func([]byte) (*T, error) {
	return func(b []byte) (*T, error) {
		v := P(new(T))
		if err := v.UnmarshalMsg(b); err != nil {
			return nil, err
		}
		return (*T)(v), nil
	}
}
