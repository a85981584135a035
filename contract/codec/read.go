package codec

// The readers below are the msgpack primitives the Read functions are made
// of. Each checks the first byte against the formats it accepts (a
// TypeError naming want otherwise) and the length of b before touching the
// bytes (ErrTruncated), and returns the bytes after the value. On error the
// input is returned unchanged.

// readInteger reads any msgpack integer. Values written as uint8 to uint64
// come back in u with unsigned set (uint64 does not fit an int64); fixints and
// int8 to int64 come back in i. want names the caller's type for a TypeError.
func readInteger(b []byte, want string) (i int64, u uint64, unsigned bool, rest []byte, err error) {
	if len(b) == 0 {
		return 0, 0, false, b, ErrTruncated
	}
	lead := b[0]
	if lead <= posFixintMax || lead >= negFixintLead { // fixint: the byte is the value
		return int64(int8(lead)), 0, false, b[1:], nil
	}
	var size int
	switch lead {
	case mUint8, mInt8:
		size = 2
	case mUint16, mInt16:
		size = 3
	case mUint32, mInt32:
		size = 5
	case mUint64, mInt64:
		size = 9
	default:
		return 0, 0, false, b, typeError(want, lead)
	}
	if len(b) < size {
		return 0, 0, false, b, ErrTruncated
	}
	switch lead {
	case mUint8:
		return 0, uint64(b[1]), true, b[2:], nil
	case mUint16:
		return 0, uint64(be16(b[1:])), true, b[3:], nil
	case mUint32:
		return 0, uint64(be32(b[1:])), true, b[5:], nil
	case mUint64:
		return 0, be64(b[1:]), true, b[9:], nil
	case mInt8:
		return int64(int8(b[1])), 0, false, b[2:], nil
	case mInt16:
		return int64(int16(be16(b[1:]))), 0, false, b[3:], nil
	case mInt32:
		return int64(int32(be32(b[1:]))), 0, false, b[5:], nil
	}
	return int64(be64(b[1:])), 0, false, b[9:], nil // mInt64
}

// readStrBin reads a str or bin value (the two are the same on the wire
// apart from their first byte) and returns its bytes, which alias b. want
// names the caller's type for a TypeError.
func readStrBin(b []byte, want string) (v, rest []byte, err error) {
	if len(b) == 0 {
		return nil, b, ErrTruncated
	}
	var hdr, n int
	switch lead := b[0]; {
	case lead&^fixstrMax == fixstrPrefix:
		hdr, n = 1, int(lead&fixstrMax)
	case lead == mStr8 || lead == mBin8:
		if len(b) < 2 {
			return nil, b, ErrTruncated
		}
		hdr, n = 2, int(b[1])
	case lead == mStr16 || lead == mBin16:
		if len(b) < 3 {
			return nil, b, ErrTruncated
		}
		hdr, n = 3, int(be16(b[1:]))
	case lead == mStr32 || lead == mBin32:
		if len(b) < 5 {
			return nil, b, ErrTruncated
		}
		n32 := be32(b[1:])
		if uint64(n32) > uint64(len(b)-5) { // also where int has 32 bits
			return nil, b, ErrTruncated
		}
		hdr, n = 5, int(n32)
	default:
		return nil, b, typeError(want, lead)
	}
	if n > len(b)-hdr {
		return nil, b, ErrTruncated
	}
	return b[hdr : hdr+n : hdr+n], b[hdr+n:], nil
}

// readArrayHeader reads an array header and rejects lengths that cannot fit
// in the remaining bytes (every element takes at least one byte), so a
// corrupt length never causes a large allocation.
func readArrayHeader(b []byte) (int, []byte, error) {
	n, rest, err := readCollectionHeader(b, fixarrayPrefix, mArray16, mArray32, "array")
	if err != nil || n > uint64(len(rest)) {
		return 0, b, orTruncated(err)
	}
	return int(n), rest, nil
}

// readMapHeader reads a map header and rejects sizes that cannot fit in the
// remaining bytes (every entry takes at least two).
func readMapHeader(b []byte) (int, []byte, error) {
	n, rest, err := readCollectionHeader(b, fixmapPrefix, mMap16, mMap32, "map")
	if err != nil || 2*n > uint64(len(rest)) {
		return 0, b, orTruncated(err)
	}
	return int(n), rest, nil
}

// readCollectionHeader reads the header of an array or a map, given the
// family's fixed-form prefix (whose low 4 bits hold the count) and its 16-
// and 32-bit formats, and returns the count.
func readCollectionHeader(b []byte, fix, m16, m32 byte, want string) (uint64, []byte, error) {
	if len(b) == 0 {
		return 0, b, ErrTruncated
	}
	switch lead := b[0]; {
	case lead&0xf0 == fix:
		return uint64(lead & 0x0f), b[1:], nil
	case lead == m16:
		if len(b) < 3 {
			return 0, b, ErrTruncated
		}
		return uint64(be16(b[1:])), b[3:], nil
	case lead == m32:
		if len(b) < 5 {
			return 0, b, ErrTruncated
		}
		return uint64(be32(b[1:])), b[5:], nil
	default:
		return 0, b, typeError(want, lead)
	}
}

// orTruncated returns err, or ErrTruncated when err is nil.
func orTruncated(err error) error {
	if err == nil {
		return ErrTruncated
	}
	return err
}

// be16 decodes 2 big-endian bytes; b must hold them.
func be16(b []byte) uint16 { return uint16(b[0])<<8 | uint16(b[1]) }

// be32 decodes 4 big-endian bytes; b must hold them.
func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// be64 decodes 8 big-endian bytes; b must hold them.
func be64(b []byte) uint64 {
	return uint64(be32(b))<<32 | uint64(be32(b[4:]))
}
