package codec

// Message is the codec shape every contract structure has. AppendMsg appends
// the value's msgpack encoding to b and returns the extended buffer.
// UnmarshalMsg decodes a whole payload into the value, resetting it first; an
// empty payload or bytes after the value are errors.
type Message interface {
	AppendMsg(b []byte) []byte
	UnmarshalMsg(b []byte) error
}
