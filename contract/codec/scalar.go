package codec

import "github.com/tinylib/msgp/msgp"

// ReadString reads a String. It accepts str and, like the Rust decoders,
// bin holding the text.
func ReadString(b []byte) (string, []byte, error) {
	if len(b) == 0 {
		return "", b, ErrTruncated
	}
	var (
		v    []byte
		rest []byte
		err  error
	)
	switch kindOf(b[0]) {
	case kindStr:
		v, rest, err = msgp.ReadStringZC(b)
	case kindBin:
		v, rest, err = msgp.ReadBytesZC(b)
	default:
		return "", b, typeError("str", b[0])
	}
	if err != nil {
		return "", b, ErrTruncated
	}
	return string(v), rest, nil
}

// ReadOptionalString reads an optional String member: nil means absent and
// yields a nil pointer.
func ReadOptionalString(b []byte) (*string, []byte, error) {
	if msgp.IsNil(b) {
		return nil, b[1:], nil
	}
	s, rest, err := ReadString(b)
	if err != nil {
		return nil, b, err
	}
	return &s, rest, nil
}

// ReadBool reads a Boolean.
func ReadBool(b []byte) (bool, []byte, error) {
	if len(b) == 0 {
		return false, b, ErrTruncated
	}
	switch b[0] {
	case 0xc3:
		return true, b[1:], nil
	case 0xc2:
		return false, b[1:], nil
	}
	return false, b, typeError("bool", b[0])
}
