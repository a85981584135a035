package codec

import (
	"fmt"

	"github.com/tinylib/msgp/msgp"
)

// ReadBlob reads a Blob. Writers send bin, but the Rust decoders also accept
// str and an array of u8 integers, and so does ReadBlob. The result is a copy
// of the bytes, or nil when the blob is empty.
func ReadBlob(b []byte) ([]byte, []byte, error) {
	if len(b) == 0 {
		return nil, b, ErrTruncated
	}
	var (
		v    []byte
		rest []byte
		err  error
	)
	switch kindOf(b[0]) {
	case kindBin:
		v, rest, err = msgp.ReadBytesZC(b)
	case kindStr:
		v, rest, err = msgp.ReadStringZC(b)
	case kindArray:
		return readByteArray(b)
	default:
		return nil, b, typeError("bin", b[0])
	}
	if err != nil {
		return nil, b, ErrTruncated
	}
	if len(v) == 0 {
		return nil, rest, nil
	}
	return append([]byte(nil), v...), rest, nil
}

// readByteArray reads a blob written as an array of u8 integers.
func readByteArray(b []byte) ([]byte, []byte, error) {
	n, rest, err := readArrayHeader(b)
	if err != nil || n == 0 {
		return nil, rest, err
	}
	v := make([]byte, n)
	for i := range v {
		if v[i], rest, err = ReadU8(rest); err != nil {
			return nil, b, fmt.Errorf("blob byte %d: %w", i, err)
		}
	}
	return v, rest, nil
}

// readArrayHeader reads an array header and rejects lengths that cannot fit
// in the remaining bytes (every element takes at least one byte), so a
// corrupt length never causes a large allocation.
func readArrayHeader(b []byte) (int, []byte, error) {
	if len(b) == 0 {
		return 0, b, ErrTruncated
	}
	if kindOf(b[0]) != kindArray {
		return 0, b, typeError("array", b[0])
	}
	n, rest, err := msgp.ReadArrayHeaderBytes(b)
	if err != nil || uint64(n) > uint64(len(rest)) {
		return 0, b, ErrTruncated
	}
	return int(n), rest, nil
}
