package lattice

import "github.com/trellis-lattice/trellis/contract/codec"

// InvocationResponse is the reply to an Invocation (PROTOCOL.md §2.4).
type InvocationResponse struct {
	// Msg is the result; empty on the wire when chunked, and to be ignored when Error is set.
	Msg          []byte
	InvocationID string  // echo of Invocation.ID; may be empty on early failures
	Error        *string // non-nil means the invocation failed
	// ContentLength is the full result length; nil when unknown.
	ContentLength *uint64
	// InstanceID is the OTP actor instance that answered; other senders leave it empty.
	InstanceID string
}

// MarshalMsgpack encodes r as a msgpack map in the field order of §2.4: msg and invocation_id
// always, error, content_length and instance_id only when set.
func (r *InvocationResponse) MarshalMsgpack() []byte {
	b := make([]byte, 0, 64+len(r.Msg)+len(r.InvocationID)+len(r.InstanceID)+optLen(r.Error))
	n := uint32(2)
	for _, set := range []bool{r.Error != nil, r.ContentLength != nil, r.InstanceID != ""} {
		if set {
			n++
		}
	}
	b = codec.AppendMapHeader(b, n)
	b = codec.AppendBlob(codec.AppendString(b, "msg"), r.Msg)
	b = codec.AppendString(codec.AppendString(b, "invocation_id"), r.InvocationID)
	if r.Error != nil {
		b = codec.AppendString(codec.AppendString(b, "error"), *r.Error)
	}
	if r.ContentLength != nil {
		b = codec.AppendU64(codec.AppendString(b, "content_length"), *r.ContentLength)
	}
	if r.InstanceID != "" {
		b = codec.AppendString(codec.AppendString(b, "instance_id"), r.InstanceID)
	}
	return b
}

func optLen(s *string) int {
	if s == nil {
		return 0
	}
	return len(*s)
}

// UnmarshalMsgpack decodes a response, resetting r first, with the tolerance of
// Invocation.UnmarshalMsgpack: any key order, unknown keys skipped, nil as absent, msg as bin,
// str or (empty) array.
func (r *InvocationResponse) UnmarshalMsgpack(b []byte) error {
	*r = InvocationResponse{}
	return codec.DecodeMap(b, "lattice.InvocationResponse", func(key, val []byte) ([]byte, error) {
		switch string(key) {
		case "msg":
			return readOptBlob(val, &r.Msg)
		case "invocation_id":
			return readOptString(val, &r.InvocationID)
		case "error":
			return readInto(val, &r.Error, codec.ReadOptionalString)
		case "content_length":
			return readOptU64(val, &r.ContentLength)
		case "instance_id":
			return readOptString(val, &r.InstanceID)
		}
		return codec.Skip(val)
	})
}

// errorResponse returns a failed response to the invocation with id.
func errorResponse(id string, err error) *InvocationResponse {
	msg := err.Error()
	return &InvocationResponse{InvocationID: id, Error: &msg}
}
