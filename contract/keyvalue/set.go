package keyvalue

import "github.com/trellis-lattice/trellis/contract/codec"

var _ codec.Message = (*SetRequest)(nil)

// SetRequest is the input of KeyValue.Set.
type SetRequest struct {
	// Key is the key to create or change.
	Key string
	// Value is the new value.
	Value string
	// Expires is the time to live in seconds; 0 means the key never expires.
	Expires uint32
}

// AppendMsg appends the msgpack encoding of r to b: {key, value, expires}.
func (r *SetRequest) AppendMsg(b []byte) []byte {
	b = codec.AppendMapHeader(b, 3)
	b = codec.AppendString(b, "key")
	b = codec.AppendString(b, r.Key)
	b = codec.AppendString(b, "value")
	b = codec.AppendString(b, r.Value)
	b = codec.AppendString(b, "expires")
	return codec.AppendU32(b, r.Expires)
}

// UnmarshalMsg decodes a whole payload into r.
func (r *SetRequest) UnmarshalMsg(b []byte) error {
	*r = SetRequest{}
	return codec.DecodeMap(b, "keyvalue.SetRequest", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "key":
			r.Key, rest, err = codec.ReadString(v)
		case "value":
			r.Value, rest, err = codec.ReadString(v)
		case "expires":
			r.Expires, rest, err = codec.ReadU32(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}
