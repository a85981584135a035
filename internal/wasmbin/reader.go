package wasmbin

// reader decodes the primitive encodings of the binary format (LEB128 integers, names, raw bytes)
// from a window of a module. pos is relative to b; base is b's offset in the whole module, so
// errors report absolute offsets. what names the enclosing structure in error messages
// ("section 7", "export 3").
type reader struct {
	b    []byte
	pos  int
	base int
	what string
}

func (r *reader) remaining() int { return len(r.b) - r.pos }

func (r *reader) offset() int { return r.base + r.pos }

func (r *reader) byte(field string) (byte, error) {
	if r.pos >= len(r.b) {
		return 0, formatErr(ErrTruncated, r.offset(), "truncated %s at offset %#x: missing %s", r.what, r.offset(), field)
	}
	c := r.b[r.pos]
	r.pos++
	return c, nil
}

// uleb reads an unsigned LEB128 integer of at most bits bits (32 or 64).
func (r *reader) uleb(field string, bits uint) (uint64, error) {
	start := r.offset()
	maxBytes := int((bits + 6) / 7)
	var v uint64
	for i := 0; ; i++ {
		if r.pos >= len(r.b) {
			return 0, formatErr(ErrTruncated, start, "truncated %s at offset %#x: %s ends inside a LEB128 integer", r.what, start, field)
		}
		c := r.b[r.pos]
		r.pos++
		shift := uint(7 * i)
		if i == maxBytes-1 && uint64(c&0x7f)>>(bits-shift) != 0 {
			return 0, formatErr(ErrBadLEB128, start, "bad LEB128 %s in %s at offset %#x: value exceeds %d bits", field, r.what, start, bits)
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, nil
		}
		if i == maxBytes-1 {
			return 0, formatErr(ErrBadLEB128, start, "bad LEB128 %s in %s at offset %#x: longer than %d bytes", field, r.what, start, maxBytes)
		}
	}
}

func (r *reader) u32(field string) (uint32, error) {
	v, err := r.uleb(field, 32)
	return uint32(v), err
}

// skipS33 skips a signed 33-bit LEB128 (a heap type index in reference types).
func (r *reader) skipS33(field string) error {
	_, err := r.uleb(field, 35) // same byte budget (5 bytes); the sign is irrelevant when skipping
	return err
}

// bytes reads n raw bytes.
func (r *reader) bytes(field string, n uint64) ([]byte, error) {
	if n > uint64(r.remaining()) {
		return nil, formatErr(ErrTruncated, r.offset(), "truncated %s at offset %#x: %s declares %d bytes, %d remain", r.what, r.offset(), field, n, r.remaining())
	}
	p := r.b[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return p, nil
}

// name reads a length-prefixed name.
func (r *reader) name(field string) (string, error) {
	n, err := r.u32(field + " length")
	if err != nil {
		return "", err
	}
	p, err := r.bytes(field, uint64(n))
	return string(p), err
}

// appendU32 appends v as an unsigned LEB128.
func appendU32(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// appendName appends a length-prefixed name.
func appendName(b []byte, name string) []byte {
	return append(appendU32(b, uint32(len(name))), name...)
}
