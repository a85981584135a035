package codec

import (
	"math"
	"strconv"
)

// ReadI32 reads an I32 (Smithy I32/Integer) written in any msgpack integer
// width, and returns it with the bytes after it.
func ReadI32(b []byte) (int32, []byte, error) {
	v, rest, err := readSigned(b, math.MinInt32, math.MaxInt32, "i32")
	return int32(v), rest, err
}

// ReadI64 reads an I64 (Smithy I64/Long) written in any msgpack integer width.
func ReadI64(b []byte) (int64, []byte, error) {
	return readSigned(b, math.MinInt64, math.MaxInt64, "i64")
}

// ReadU8 reads a U8 written in any msgpack integer width.
func ReadU8(b []byte) (uint8, []byte, error) {
	v, rest, err := readUnsigned(b, math.MaxUint8, "u8")
	return uint8(v), rest, err
}

// ReadU16 reads a U16 written in any msgpack integer width.
func ReadU16(b []byte) (uint16, []byte, error) {
	v, rest, err := readUnsigned(b, math.MaxUint16, "u16")
	return uint16(v), rest, err
}

// ReadU32 reads a U32 written in any msgpack integer width.
func ReadU32(b []byte) (uint32, []byte, error) {
	v, rest, err := readUnsigned(b, math.MaxUint32, "u32")
	return uint32(v), rest, err
}

// ReadU64 reads a U64 written in any msgpack integer width.
func ReadU64(b []byte) (uint64, []byte, error) {
	return readUnsigned(b, math.MaxUint64, "u64")
}

// readSigned reads an integer and checks that it lies in [lo, hi].
func readSigned(b []byte, lo, hi int64, want string) (int64, []byte, error) {
	i, u, unsigned, rest, err := readInteger(b, want)
	if err != nil {
		return 0, b, err
	}
	if unsigned {
		if u > uint64(hi) {
			return 0, b, &RangeError{Want: want, Value: strconv.FormatUint(u, 10)}
		}
		return int64(u), rest, nil
	}
	if i < lo || i > hi {
		return 0, b, &RangeError{Want: want, Value: strconv.FormatInt(i, 10)}
	}
	return i, rest, nil
}

// readUnsigned reads an integer and checks that it lies in [0, hi].
func readUnsigned(b []byte, hi uint64, want string) (uint64, []byte, error) {
	i, u, unsigned, rest, err := readInteger(b, want)
	if err != nil {
		return 0, b, err
	}
	if !unsigned {
		if i < 0 {
			return 0, b, &RangeError{Want: want, Value: strconv.FormatInt(i, 10)}
		}
		u = uint64(i)
	}
	if u > hi {
		return 0, b, &RangeError{Want: want, Value: strconv.FormatUint(u, 10)}
	}
	return u, rest, nil
}
