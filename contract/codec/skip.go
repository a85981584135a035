package codec

// Skip skips one msgpack value of any type and returns the bytes after it.
//
// It walks nested arrays and maps without recursion: it counts the values
// still to skip, so nesting depth costs neither stack nor a limit. Every
// value takes at least one byte, so it stops after at most len(b) values
// however large the declared sizes.
func Skip(b []byte) ([]byte, error) {
	rest := b
	for pending := uint64(1); pending > 0; {
		size, children, err := valueSize(rest)
		if err != nil {
			return b, err
		}
		if size > uint64(len(rest)) {
			return b, ErrTruncated
		}
		rest = rest[size:]
		// This value is done and its children are to come. More values than
		// bytes left cannot all be there: capping the count at one more than
		// the bytes left keeps it from overflowing without changing where
		// Skip fails.
		pending = min(pending-1+children, uint64(len(rest))+1)
	}
	return rest, nil
}

// valueSize returns the size in bytes of the value at the start of b, for an
// array or map only of its header, and the number of values nested in it
// (elements, or keys and values). It reads only the header, which must be in
// b; the caller checks that b holds size bytes.
func valueSize(b []byte) (size, children uint64, err error) {
	if len(b) == 0 {
		return 0, 0, ErrTruncated
	}
	lead := b[0]
	switch {
	case lead <= posFixintMax, lead >= negFixintLead:
		return 1, 0, nil
	case lead <= fixmapPrefix|fixmapMax:
		return 1, 2 * uint64(lead&fixmapMax), nil
	case lead <= fixarrayPrefix|fixarrayMax:
		return 1, uint64(lead & fixarrayMax), nil
	case lead <= fixstrPrefix|fixstrMax:
		return 1 + uint64(lead&fixstrMax), 0, nil
	}
	switch lead {
	case mNil, mFalse, mTrue:
		return 1, 0, nil
	case mUint8, mInt8:
		return 2, 0, nil
	case mUint16, mInt16:
		return 3, 0, nil
	case mUint32, mInt32, mFloat32:
		return 5, 0, nil
	case mUint64, mInt64, mFloat64:
		return 9, 0, nil
	case mFixExt1: // type byte and data
		return 3, 0, nil
	case mFixExt2:
		return 4, 0, nil
	case mFixExt4:
		return 6, 0, nil
	case mFixExt8:
		return 10, 0, nil
	case mFixExt16:
		return 18, 0, nil
	}
	// The remaining formats carry a 1-, 2- or 4-byte length or count.
	var width uint64
	switch lead {
	case mStr8, mBin8, mExt8:
		width = 1
	case mStr16, mBin16, mExt16, mArray16, mMap16:
		width = 2
	case mStr32, mBin32, mExt32, mArray32, mMap32:
		width = 4
	default: // mInvalid
		return 0, 0, typeError("msgpack value", lead)
	}
	if uint64(len(b)) < 1+width {
		return 0, 0, ErrTruncated
	}
	var n uint64
	switch width {
	case 1:
		n = uint64(b[1])
	case 2:
		n = uint64(be16(b[1:]))
	default:
		n = uint64(be32(b[1:]))
	}
	switch lead {
	case mArray16, mArray32:
		return 1 + width, n, nil
	case mMap16, mMap32:
		return 1 + width, 2 * n, nil
	case mExt8, mExt16, mExt32: // the type byte follows the length
		return 2 + width + n, 0, nil
	}
	return 1 + width + n, 0, nil
}
