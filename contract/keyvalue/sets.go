package keyvalue

import "github.com/trellis-lattice/trellis/contract/codec"

var (
	_ codec.Message = (*SetAddRequest)(nil)
	_ codec.Message = (*SetDelRequest)(nil)
)

// SetAddRequest is the input of KeyValue.SetAdd, which adds a value to a set
// and returns the number added (0 or 1) as a bare u32.
type SetAddRequest struct {
	// SetName names the set.
	SetName string
	// Value is the value to add.
	Value string
}

// AppendMsg appends the msgpack encoding of r to b: {setName, value}.
func (r *SetAddRequest) AppendMsg(b []byte) []byte {
	return appendNameValue(b, keySetName, r.SetName, r.Value)
}

// UnmarshalMsg decodes a whole payload into r.
func (r *SetAddRequest) UnmarshalMsg(b []byte) error {
	return decodeNameValue(b, "keyvalue.SetAddRequest", keySetName, &r.SetName, &r.Value)
}

// SetDelRequest is the input of KeyValue.SetDel, which removes a value from
// a set and returns the number removed (0 or 1) as a bare u32.
type SetDelRequest struct {
	// SetName names the set.
	SetName string
	// Value is the value to remove.
	Value string
}

// AppendMsg appends the msgpack encoding of r to b: {setName, value}.
func (r *SetDelRequest) AppendMsg(b []byte) []byte {
	return appendNameValue(b, keySetName, r.SetName, r.Value)
}

// UnmarshalMsg decodes a whole payload into r.
func (r *SetDelRequest) UnmarshalMsg(b []byte) error {
	return decodeNameValue(b, "keyvalue.SetDelRequest", keySetName, &r.SetName, &r.Value)
}
