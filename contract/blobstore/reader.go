package blobstore

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/trellis-lattice/trellis/contract/cbor"
	"github.com/trellis-lattice/trellis/contract/codec"
)

// Payload first bytes (ACTORS.md §3.2).
const (
	cborHeader    byte = 0x7f // the rest of the payload is CBOR
	msgpackPrefix byte = 0xc1 // the rest of the payload is msgpack
	msgpackNil    byte = 0xc0
)

// reader reads the members of a payload in either of the two encodings a
// blobstore peer may send: CBOR, whose structures are arrays in @n order or
// maps keyed by member name, or msgpack, whose structures are maps.
type reader struct {
	b       []byte
	msgpack bool
}

// newReader looks at the first byte of a payload and returns a reader for
// the value after the header.
func newReader(b []byte) (*reader, error) {
	switch {
	case len(b) == 0:
		return nil, ErrEmptyPayload
	case len(b) == 1:
		return &reader{b: b, msgpack: true}, nil
	case b[0] == cborHeader:
		return &reader{b: b[1:]}, nil
	case b[0] == msgpackPrefix:
		return &reader{b: b[1:], msgpack: true}, nil
	case b[0] >= 0x80 && b[0] != msgpackNil:
		return &reader{b: b, msgpack: true}, nil
	}
	return nil, ErrPayloadFormat
}

// decodePayload decodes a whole payload with read, which must consume all
// of it. what names the value for errors.
func decodePayload(b []byte, what string, read func(r *reader) error) error {
	r, err := newReader(b)
	if err == nil {
		err = read(r)
	}
	if err == nil && len(r.b) != 0 {
		err = wrapError(strconv.Itoa(len(r.b))+" bytes after the value: ", cbor.ErrTrailingBytes)
	}
	if err != nil {
		return wrapError("decode "+what+" payload: ", err)
	}
	return nil
}

// field is a member of a structure: its Smithy name, and how to read its
// value into the structure. A structure's fields are listed in @n order.
type field struct {
	name string
	read func(r *reader) error
}

// structure reads a structure: a CBOR array (members by position; extra
// items are skipped), a CBOR map or a msgpack map (members by name; unknown
// names are skipped). Members not present keep their zero value.
func (r *reader) structure(typeName string, fields []field) error {
	if r.msgpack {
		rest, err := codec.ReadMap(r.b, typeName, func(key, val []byte) ([]byte, error) {
			f := lookup(fields, string(key))
			if f == nil {
				return codec.Skip(val)
			}
			r.b = val
			if err := f.read(r); err != nil {
				return val, err
			}
			return r.b, nil
		})
		if err != nil {
			return err
		}
		r.b = rest
		return nil
	}
	if len(r.b) > 0 && r.b[0]>>5 == 5 { // CBOR major type 5: map
		return r.cborMap(typeName, fields)
	}
	n, rest, err := cbor.ReadArrayHeader(r.b)
	if err != nil {
		return wrapError("decode "+typeName+" (array or map): ", err)
	}
	r.b = rest
	for i := 0; n < 0 || i < n; i++ {
		if n < 0 && cbor.IsBreak(r.b) {
			r.b = r.b[1:]
			break
		}
		if i >= len(fields) {
			if r.b, err = cbor.Skip(r.b); err != nil {
				return wrapError("decode "+typeName+" item "+strconv.Itoa(i)+": ", err)
			}
			continue
		}
		if err := fields[i].read(r); err != nil {
			return wrapError("decode "+typeName+" field "+strconv.Quote(fields[i].name)+" (#"+strconv.Itoa(i)+"): ", err)
		}
	}
	return nil
}

// cborMap reads a structure written as a CBOR map keyed by member name.
func (r *reader) cborMap(typeName string, fields []field) error {
	n, rest, err := cbor.ReadMapHeader(r.b)
	if err != nil {
		return wrapError("decode "+typeName+": ", err)
	}
	r.b = rest
	for i := 0; n < 0 || i < n; i++ {
		if n < 0 && cbor.IsBreak(r.b) {
			r.b = r.b[1:]
			break
		}
		var key string
		if key, r.b, err = cbor.ReadText(r.b); err != nil {
			return wrapError("decode "+typeName+" key of entry "+strconv.Itoa(i)+": ", err)
		}
		f := lookup(fields, key)
		if f == nil {
			if r.b, err = cbor.Skip(r.b); err != nil {
				return wrapError("decode "+typeName+" field "+strconv.Quote(key)+": ", err)
			}
			continue
		}
		if err := f.read(r); err != nil {
			return wrapError("decode "+typeName+" field "+strconv.Quote(key)+": ", err)
		}
	}
	return nil
}

// lookup returns the field called name, or nil.
func lookup(fields []field, name string) *field {
	for i := range fields {
		if fields[i].name == name {
			return &fields[i]
		}
	}
	return nil
}

// null consumes null (or CBOR undefined) and reports whether it was there.
func (r *reader) null() bool {
	if r.msgpack {
		if len(r.b) > 0 && r.b[0] == msgpackNil {
			r.b = r.b[1:]
			return true
		}
		return false
	}
	if cbor.IsNull(r.b) {
		r.b = r.b[1:]
		return true
	}
	return false
}

// text reads a String, which must be valid UTF-8 in msgpack as in CBOR
// (the Rust decoders require it too).
func (r *reader) text(dst *string) (err error) {
	if r.msgpack {
		b := r.b
		if *dst, r.b, err = codec.ReadString(r.b); err == nil && !utf8.ValidString(*dst) {
			*dst, r.b, err = "", b, cbor.ErrInvalidUTF8
		}
	} else {
		*dst, r.b, err = cbor.ReadText(r.b)
	}
	return err
}

// optText reads an optional String: null is absent.
func (r *reader) optText(dst **string) error {
	if *dst = nil; r.null() {
		return nil
	}
	var s string
	if err := r.text(&s); err != nil {
		return err
	}
	*dst = &s
	return nil
}

// boolean reads a Boolean.
func (r *reader) boolean(dst *bool) (err error) {
	if r.msgpack {
		*dst, r.b, err = codec.ReadBool(r.b)
	} else {
		*dst, r.b, err = cbor.ReadBool(r.b)
	}
	return err
}

// u64 reads a U64.
func (r *reader) u64(dst *uint64) (err error) {
	if r.msgpack {
		*dst, r.b, err = codec.ReadU64(r.b)
	} else {
		*dst, r.b, err = cbor.ReadUint(r.b)
	}
	return err
}

// optU64 reads an optional U64: null is absent.
func (r *reader) optU64(dst **uint64) error {
	if *dst = nil; r.null() {
		return nil
	}
	var v uint64
	if err := r.u64(&v); err != nil {
		return err
	}
	*dst = &v
	return nil
}

// optU32 reads an optional U32: null is absent.
func (r *reader) optU32(dst **uint32) error {
	if *dst = nil; r.null() {
		return nil
	}
	b := r.b
	var v uint64
	if err := r.u64(&v); err != nil {
		return err
	}
	if v > math.MaxUint32 {
		r.b = b
		return &cbor.RangeError{Want: "u32", Value: strconv.FormatUint(v, 10)}
	}
	v32 := uint32(v)
	*dst = &v32
	return nil
}

// i64 reads an I64.
func (r *reader) i64(dst *int64) (err error) {
	if r.msgpack {
		*dst, r.b, err = codec.ReadI64(r.b)
	} else {
		*dst, r.b, err = cbor.ReadInt(r.b)
	}
	return err
}

// u32 reads a U32.
func (r *reader) u32(dst *uint32) error {
	var p *uint32
	if err := r.optU32(&p); err != nil {
		return err
	}
	if p == nil {
		return &cbor.TypeError{Want: "u32", Got: "null"}
	}
	*dst = *p
	return nil
}

// blob reads a Blob; empty is nil.
func (r *reader) blob(dst *[]byte) (err error) {
	if r.msgpack {
		*dst, r.b, err = codec.ReadBlob(r.b)
	} else {
		*dst, r.b, err = cbor.ReadBytes(r.b)
	}
	return err
}

// list reads a list, calling item once per element with r at the element.
func (r *reader) list(item func(i int) error) error {
	var n int
	var rest []byte
	var err error
	if r.msgpack {
		n, rest, err = codec.ReadArrayHeader(r.b)
	} else {
		n, rest, err = cbor.ReadArrayHeader(r.b)
	}
	if err != nil {
		return err
	}
	r.b = rest
	for i := 0; n < 0 || i < n; i++ {
		if n < 0 && cbor.IsBreak(r.b) {
			r.b = r.b[1:]
			return nil
		}
		if err := item(i); err != nil {
			return wrapError("list element "+strconv.Itoa(i)+": ", err)
		}
	}
	return nil
}

// strings reads a list of String; empty is nil.
func (r *reader) strings(dst *[]string) error {
	*dst = nil
	return r.list(func(int) error {
		var s string
		if err := r.text(&s); err != nil {
			return err
		}
		*dst = append(*dst, s)
		return nil
	})
}
