package core

import "github.com/trellis-lattice/trellis/contract/codec"

var (
	_ codec.Message = (*HealthCheckRequest)(nil)
	_ codec.Message = (*HealthCheckResponse)(nil)
)

// HealthCheckRequest is the input of Actor.HealthRequest. It has no members
// and encodes as an empty map (80); a 0-byte payload is not a valid request.
type HealthCheckRequest struct{}

// AppendMsg appends the msgpack encoding of r (an empty map) to b.
func (r *HealthCheckRequest) AppendMsg(b []byte) []byte {
	return codec.AppendMapHeader(b, 0)
}

// UnmarshalMsg decodes a whole payload into r. Every key is ignored, so the
// {placeholder: true} map that OTP hosts sent from 2021-06 to 2022-06 is
// accepted.
func (r *HealthCheckRequest) UnmarshalMsg(b []byte) error {
	return codec.DecodeMap(b, "core.HealthCheckRequest", func(_, v []byte) ([]byte, error) {
		return codec.Skip(v)
	})
}

// HealthCheckResponse is the output of Actor.HealthRequest.
type HealthCheckResponse struct {
	// Healthy reports whether the actor is healthy.
	Healthy bool
	// Message optionally explains the state; nil leaves it out of the map.
	Message *string
}

// AppendMsg appends the msgpack encoding of r to b: {healthy, message?}.
func (r *HealthCheckResponse) AppendMsg(b []byte) []byte {
	n := uint32(1)
	if r.Message != nil {
		n++
	}
	b = codec.AppendMapHeader(b, n)
	b = codec.AppendString(b, "healthy")
	b = codec.AppendBool(b, r.Healthy)
	if r.Message != nil {
		b = codec.AppendString(b, "message")
		b = codec.AppendString(b, *r.Message)
	}
	return b
}

// UnmarshalMsg decodes a whole payload into r.
func (r *HealthCheckResponse) UnmarshalMsg(b []byte) error {
	*r = HealthCheckResponse{}
	return codec.DecodeMap(b, "core.HealthCheckResponse", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "healthy":
			r.Healthy, rest, err = codec.ReadBool(v)
		case "message":
			r.Message, rest, err = codec.ReadOptionalString(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}
