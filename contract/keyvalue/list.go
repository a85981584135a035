package keyvalue

import "github.com/trellis-lattice/trellis/contract/codec"

var (
	_ codec.Message = (*ListAddRequest)(nil)
	_ codec.Message = (*ListDelRequest)(nil)
	_ codec.Message = (*ListRangeRequest)(nil)
)

// ListAddRequest is the input of KeyValue.ListAdd, which appends a value to
// a list and returns the new length as a bare u32.
type ListAddRequest struct {
	// ListName names the list.
	ListName string
	// Value is the value to append.
	Value string
}

// AppendMsg appends the msgpack encoding of r to b: {listName, value}.
func (r *ListAddRequest) AppendMsg(b []byte) []byte {
	return appendNameValue(b, keyListName, r.ListName, r.Value)
}

// UnmarshalMsg decodes a whole payload into r, accepting the legacy key
// list_name for listName.
func (r *ListAddRequest) UnmarshalMsg(b []byte) error {
	return decodeNameValue(b, "keyvalue.ListAddRequest", keyListName, &r.ListName, &r.Value)
}

// ListDelRequest is the input of KeyValue.ListDel, which removes the first
// occurrence of a value from a list and returns a bare bool.
type ListDelRequest struct {
	// ListName names the list.
	ListName string
	// Value is the value to remove.
	Value string
}

// AppendMsg appends the msgpack encoding of r to b: {listName, value}.
func (r *ListDelRequest) AppendMsg(b []byte) []byte {
	return appendNameValue(b, keyListName, r.ListName, r.Value)
}

// UnmarshalMsg decodes a whole payload into r, accepting the legacy key
// list_name for listName.
func (r *ListDelRequest) UnmarshalMsg(b []byte) error {
	return decodeNameValue(b, "keyvalue.ListDelRequest", keyListName, &r.ListName, &r.Value)
}

// ListRangeRequest is the input of KeyValue.ListRange, which returns the
// list's values from Start to Stop (0-based, both inclusive) as a bare list
// of str.
type ListRangeRequest struct {
	// ListName names the list.
	ListName string
	// Start is the index of the first value returned.
	Start int32
	// Stop is the index of the last value returned.
	Stop int32
}

// AppendMsg appends the msgpack encoding of r to b: {listName, start, stop}.
func (r *ListRangeRequest) AppendMsg(b []byte) []byte {
	b = codec.AppendMapHeader(b, 3)
	b = codec.AppendString(b, keyListName)
	b = codec.AppendString(b, r.ListName)
	b = codec.AppendString(b, "start")
	b = codec.AppendI32(b, r.Start)
	b = codec.AppendString(b, "stop")
	return codec.AppendI32(b, r.Stop)
}

// UnmarshalMsg decodes a whole payload into r, accepting the legacy key
// list_name for listName.
func (r *ListRangeRequest) UnmarshalMsg(b []byte) error {
	*r = ListRangeRequest{}
	return codec.DecodeMap(b, "keyvalue.ListRangeRequest", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case keyListName, keyLegacyListName:
			r.ListName, rest, err = codec.ReadString(v)
		case "start":
			r.Start, rest, err = codec.ReadI32(v)
		case "stop":
			r.Stop, rest, err = codec.ReadI32(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}
