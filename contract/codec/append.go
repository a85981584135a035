package codec

// The Append functions write values the way §3.1 requires and every receiver
// accepts: integers in the smallest form of their signedness, blobs as bin.
// Contract packages write through them rather than the msgpack primitives
// (write.go), so the wire rules live in one place.

// AppendMapHeader appends the header of a map with n entries (a structure
// with n members present).
func AppendMapHeader(b []byte, n uint32) []byte { return appendMapHeader(b, n) }

// AppendArrayHeader appends the header of an array of n elements (a list
// member whose elements the caller appends next) in its smallest form:
// fixarray, array16 or array32.
func AppendArrayHeader(b []byte, n uint32) []byte { return appendArrayHeader(b, n) }

// AppendString appends a String as str.
func AppendString(b []byte, s string) []byte {
	return append(appendStrHeader(b, len(s)), s...)
}

// AppendBool appends a Boolean.
func AppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, mTrue)
	}
	return append(b, mFalse)
}

// AppendBlob appends a Blob as bin (bin8, bin16 or bin32); nil is an empty bin.
func AppendBlob(b []byte, v []byte) []byte {
	return append(appendBinHeader(b, len(v)), v...)
}

// AppendI32 appends an I32 in the smallest signed form.
func AppendI32(b []byte, v int32) []byte { return appendInt(b, int64(v)) }

// AppendI64 appends an I64 in the smallest signed form.
func AppendI64(b []byte, v int64) []byte { return appendInt(b, v) }

// AppendU16 appends a U16 in the smallest unsigned form.
func AppendU16(b []byte, v uint16) []byte { return appendUint(b, uint64(v)) }

// AppendU32 appends a U32 in the smallest unsigned form.
func AppendU32(b []byte, v uint32) []byte { return appendUint(b, uint64(v)) }

// AppendU64 appends a U64 in the smallest unsigned form.
func AppendU64(b []byte, v uint64) []byte { return appendUint(b, v) }
