package codec

// ReadString reads a String. It accepts str and, like the Rust decoders,
// bin holding the text.
func ReadString(b []byte) (string, []byte, error) {
	v, rest, err := readStrBin(b, "str")
	if err != nil {
		return "", b, err
	}
	return string(v), rest, nil
}

// ReadOptionalString reads an optional String member: nil means absent and
// yields a nil pointer.
func ReadOptionalString(b []byte) (*string, []byte, error) {
	if len(b) > 0 && b[0] == mNil {
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
	case mTrue:
		return true, b[1:], nil
	case mFalse:
		return false, b[1:], nil
	}
	return false, b, typeError("bool", b[0])
}
