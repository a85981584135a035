package keyvalue

import "github.com/trellis-lattice/trellis/contract/codec"

var _ codec.Message = (*IncrementRequest)(nil)

// IncrementRequest is the input of KeyValue.Increment; the output is the new
// value as a bare i32 (codec.EncodeI32, codec.DecodeI32).
type IncrementRequest struct {
	// Key names the numeric value to change.
	Key string
	// Value is the amount to add; it may be negative.
	Value int32
}

// AppendMsg appends the msgpack encoding of r to b: {key, value}, the value
// in the smallest signed form.
func (r *IncrementRequest) AppendMsg(b []byte) []byte {
	b = codec.AppendMapHeader(b, 2)
	b = codec.AppendString(b, "key")
	b = codec.AppendString(b, r.Key)
	b = codec.AppendString(b, "value")
	return codec.AppendI32(b, r.Value)
}

// UnmarshalMsg decodes a whole payload into r.
func (r *IncrementRequest) UnmarshalMsg(b []byte) error {
	*r = IncrementRequest{}
	return codec.DecodeMap(b, "keyvalue.IncrementRequest", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "key":
			r.Key, rest, err = codec.ReadString(v)
		case "value":
			r.Value, rest, err = codec.ReadI32(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}
