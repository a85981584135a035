package keyvalue

import "github.com/trellis-lattice/trellis/contract/codec"

var _ codec.Message = (*GetResponse)(nil)

// GetResponse is the output of KeyValue.Get.
type GetResponse struct {
	// Value is the value of the key, or "" if it does not exist.
	Value string
	// Exists reports whether the key exists.
	Exists bool
}

// AppendMsg appends the msgpack encoding of r to b: {value, exists}.
func (r *GetResponse) AppendMsg(b []byte) []byte {
	b = codec.AppendMapHeader(b, 2)
	b = codec.AppendString(b, "value")
	b = codec.AppendString(b, r.Value)
	b = codec.AppendString(b, "exists")
	return codec.AppendBool(b, r.Exists)
}

// UnmarshalMsg decodes a whole payload into r.
func (r *GetResponse) UnmarshalMsg(b []byte) error {
	*r = GetResponse{}
	return codec.DecodeMap(b, "keyvalue.GetResponse", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "value":
			r.Value, rest, err = codec.ReadString(v)
		case "exists":
			r.Exists, rest, err = codec.ReadBool(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}
