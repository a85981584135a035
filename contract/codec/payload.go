package codec

import "strconv"

// EncodeString encodes a payload that is a bare String, such as the key sent
// to KeyValue.Get or the reply of Pingpong.Ping.
func EncodeString(s string) []byte { return AppendString(nil, s) }

// DecodeString decodes a payload that is a bare String.
func DecodeString(b []byte) (string, error) { return decodeWhole(b, "str", ReadString) }

// EncodeBool encodes a payload that is a bare Boolean.
func EncodeBool(v bool) []byte { return AppendBool(nil, v) }

// DecodeBool decodes a payload that is a bare Boolean.
func DecodeBool(b []byte) (bool, error) { return decodeWhole(b, "bool", ReadBool) }

// EncodeI32 encodes a payload that is a bare I32, in the smallest signed form.
func EncodeI32(v int32) []byte { return AppendI32(nil, v) }

// DecodeI32 decodes a payload that is a bare I32 written in any integer width.
func DecodeI32(b []byte) (int32, error) { return decodeWhole(b, "i32", ReadI32) }

// EncodeU32 encodes a payload that is a bare U32, in the smallest unsigned form.
func EncodeU32(v uint32) []byte { return AppendU32(nil, v) }

// DecodeU32 decodes a payload that is a bare U32 written in any integer width.
func DecodeU32(b []byte) (uint32, error) { return decodeWhole(b, "u32", ReadU32) }

// EncodeStrings encodes a payload that is a bare list of String.
func EncodeStrings(list []string) []byte { return AppendStrings(nil, list) }

// DecodeStrings decodes a payload that is a bare list of String.
func DecodeStrings(b []byte) ([]string, error) {
	return decodeWhole(b, "list of str", ReadStrings)
}

// decodeWhole reads one value with read and requires it to fill b exactly.
func decodeWhole[T any](b []byte, what string, read func([]byte) (T, []byte, error)) (T, error) {
	var zero T
	if len(b) == 0 {
		return zero, wrapError("decode "+what+" payload: empty payload: ", ErrTruncated, "")
	}
	v, rest, err := read(b)
	if err != nil {
		return zero, wrapError("decode "+what+" payload: ", err, "")
	}
	if len(rest) != 0 {
		return zero, wrapError("decode "+what+" payload: ", ErrTrailingBytes, " ("+strconv.Itoa(len(rest))+" bytes)")
	}
	return v, nil
}
