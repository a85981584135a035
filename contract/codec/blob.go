package codec

import "strconv"

// ReadBlob reads a Blob. Writers send bin, but the Rust decoders also accept
// str and an array of u8 integers, and so does ReadBlob. The result is a copy
// of the bytes, or nil when the blob is empty.
func ReadBlob(b []byte) ([]byte, []byte, error) {
	if len(b) > 0 && kindOf(b[0]) == kindArray {
		return readByteArray(b)
	}
	v, rest, err := readStrBin(b, "bin")
	if err != nil || len(v) == 0 {
		return nil, rest, err
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
			return nil, b, wrapError("blob byte "+strconv.Itoa(i)+": ", err, "")
		}
	}
	return v, rest, nil
}
