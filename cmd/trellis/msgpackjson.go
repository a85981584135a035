package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/trellis-lattice/trellis/contract/codec"
)

// Generic conversion between JSON and MessagePack for trellis call, for payloads of operations
// whose types the CLI does not know. contract/codec writes and reads typed values only, so the
// untyped walk is here.

// maxDepth bounds the nesting of converted values, so that hostile input cannot exhaust the
// stack.
const maxDepth = 512

// jsonToMsgpack converts one JSON value to MessagePack: objects become maps (keys in their
// JSON order), arrays arrays, strings str, integers the smallest msgpack integer (unsigned
// when not negative), other numbers float64, booleans bool and null nil.
func jsonToMsgpack(data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	out, err := appendJSON(nil, dec, 0)
	if err != nil {
		return nil, fmt.Errorf("convert JSON to MessagePack: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("convert JSON to MessagePack: more than one JSON value")
	}
	return out, nil
}

func appendJSON(b []byte, dec *json.Decoder, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested deeper than %d levels", maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch v := tok.(type) {
	case json.Delim:
		return appendJSONContainer(b, dec, v, depth)
	case string:
		return codec.AppendString(b, v), nil
	case json.Number:
		return appendNumber(b, v)
	case bool:
		return codec.AppendBool(b, v), nil
	case nil:
		return append(b, 0xc0), nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}

// appendJSONContainer converts the object or array that delim opened.
func appendJSONContainer(b []byte, dec *json.Decoder, delim json.Delim, depth int) ([]byte, error) {
	var elems []byte
	var n uint32
	for dec.More() {
		if delim == '{' {
			key, err := dec.Token()
			if err != nil {
				return nil, err
			}
			elems = codec.AppendString(elems, key.(string)) // object keys are always strings
		}
		var err error
		if elems, err = appendJSON(elems, dec, depth+1); err != nil {
			return nil, err
		}
		n++
	}
	if _, err := dec.Token(); err != nil { // the closing delimiter
		return nil, err
	}
	if delim == '{' {
		b = codec.AppendMapHeader(b, n)
	} else {
		b = appendArrayHeader(b, n)
	}
	return append(b, elems...), nil
}

func appendArrayHeader(b []byte, n uint32) []byte {
	switch {
	case n < 16:
		return append(b, 0x90|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, 0xdc), uint16(n))
	}
	return binary.BigEndian.AppendUint32(append(b, 0xdd), n)
}

func appendNumber(b []byte, n json.Number) ([]byte, error) {
	if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
		if i >= 0 {
			return codec.AppendU64(b, uint64(i)), nil
		}
		return codec.AppendI64(b, i), nil
	}
	if u, err := strconv.ParseUint(n.String(), 10, 64); err == nil {
		return codec.AppendU64(b, u), nil
	}
	f, err := n.Float64()
	if err != nil {
		return nil, fmt.Errorf("number %s: %w", n, err)
	}
	return binary.BigEndian.AppendUint64(append(b, 0xcb), math.Float64bits(f)), nil
}

// msgpackToJSON converts one MessagePack value to compact JSON: maps become objects (non-string
// keys are written as their JSON text), str and bin become strings when they are valid UTF-8
// and base64 otherwise, NaN and infinities become strings, and extensions the base64 of their
// data. An empty input is null.
func msgpackToJSON(b []byte) ([]byte, error) {
	if len(b) == 0 {
		return []byte("null"), nil
	}
	r := &mpReader{b: b}
	out, err := r.appendValue(nil, 0)
	if err != nil {
		return nil, fmt.Errorf("convert MessagePack to JSON: %w", err)
	}
	if rest := len(r.b) - r.off; rest > 0 {
		return nil, fmt.Errorf("convert MessagePack to JSON: %d bytes after the value", rest)
	}
	return out, nil
}

// errTruncated reports MessagePack that ends inside a value.
var errTruncated = errors.New("data truncated")

// mpReader walks MessagePack bytes.
type mpReader struct {
	b   []byte
	off int
}

// next returns the next n bytes.
func (r *mpReader) next(n int) ([]byte, error) {
	if n < 0 || len(r.b)-r.off < n {
		return nil, errTruncated
	}
	p := r.b[r.off : r.off+n]
	r.off += n
	return p, nil
}

// uint reads a big-endian unsigned integer of size bytes.
func (r *mpReader) uint(size int) (uint64, error) {
	p, err := r.next(size)
	if err != nil {
		return 0, err
	}
	var v uint64
	for _, c := range p {
		v = v<<8 | uint64(c)
	}
	return v, nil
}

// sized reads a length of size bytes and then that many bytes.
func (r *mpReader) sized(size int) ([]byte, error) {
	n, err := r.uint(size)
	if err != nil {
		return nil, err
	}
	if n > uint64(len(r.b)) {
		return nil, errTruncated
	}
	return r.next(int(n))
}

func (r *mpReader) appendValue(out []byte, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested deeper than %d levels", maxDepth)
	}
	p, err := r.next(1)
	if err != nil {
		return nil, err
	}
	c := p[0]
	switch {
	case c <= 0x7f:
		return strconv.AppendUint(out, uint64(c), 10), nil
	case c >= 0xe0:
		return strconv.AppendInt(out, int64(int8(c)), 10), nil
	case c <= 0x8f:
		return r.appendMap(out, uint64(c&0x0f), depth)
	case c <= 0x9f:
		return r.appendArray(out, uint64(c&0x0f), depth)
	case c <= 0xbf:
		s, err := r.next(int(c & 0x1f))
		return appendBlob(out, s), err
	}
	return r.appendTyped(out, c, depth)
}

// appendTyped converts a value whose first byte is in 0xc0…0xdf.
func (r *mpReader) appendTyped(out []byte, c byte, depth int) ([]byte, error) {
	switch c {
	case 0xc0:
		return append(out, "null"...), nil
	case 0xc2, 0xc3:
		return strconv.AppendBool(out, c == 0xc3), nil
	case 0xc4, 0xc5, 0xc6: // bin 8/16/32
		s, err := r.sized(1 << (c - 0xc4))
		return appendBlob(out, s), err
	case 0xd9, 0xda, 0xdb: // str 8/16/32
		s, err := r.sized(1 << (c - 0xd9))
		return appendBlob(out, s), err
	case 0xca:
		v, err := r.uint(4)
		return appendFloat(out, float64(math.Float32frombits(uint32(v))), 32), err
	case 0xcb:
		v, err := r.uint(8)
		return appendFloat(out, math.Float64frombits(v), 64), err
	case 0xcc, 0xcd, 0xce, 0xcf:
		v, err := r.uint(1 << (c - 0xcc))
		return strconv.AppendUint(out, v, 10), err
	case 0xd0, 0xd1, 0xd2, 0xd3:
		size := 1 << (c - 0xd0)
		v, err := r.uint(size)
		shift := 64 - 8*size
		return strconv.AppendInt(out, int64(v<<shift)>>shift, 10), err // sign-extend
	case 0xdc, 0xdd, 0xde, 0xdf:
		n, err := r.uint(2 << ((c - 0xdc) % 2))
		if err != nil {
			return nil, err
		}
		if c >= 0xde {
			return r.appendMap(out, n, depth)
		}
		return r.appendArray(out, n, depth)
	case 0xc7, 0xc8, 0xc9: // ext 8/16/32: length, type, data
		n, err := r.uint(1 << (c - 0xc7))
		if err != nil {
			return nil, err
		}
		return r.appendExt(out, n)
	case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8: // fixext: type, data
		return r.appendExt(out, 1<<(c-0xd4))
	}
	return nil, fmt.Errorf("invalid MessagePack byte 0x%02x at offset %d", c, r.off-1)
}

// appendExt skips an extension's type byte and writes its n bytes of data as base64.
func (r *mpReader) appendExt(out []byte, n uint64) ([]byte, error) {
	if _, err := r.next(1); err != nil {
		return nil, err
	}
	if n > uint64(len(r.b)) {
		return nil, errTruncated
	}
	data, err := r.next(int(n))
	return appendBase64(out, data), err
}

func (r *mpReader) appendArray(out []byte, n uint64, depth int) ([]byte, error) {
	out = append(out, '[')
	for i := range n {
		if i > 0 {
			out = append(out, ',')
		}
		var err error
		if out, err = r.appendValue(out, depth+1); err != nil {
			return nil, err
		}
	}
	return append(out, ']'), nil
}

func (r *mpReader) appendMap(out []byte, n uint64, depth int) ([]byte, error) {
	out = append(out, '{')
	for i := range n {
		if i > 0 {
			out = append(out, ',')
		}
		key, err := r.appendValue(nil, depth+1)
		if err != nil {
			return nil, err
		}
		if key[0] != '"' { // a number, bool, null, array or map key: use its JSON text
			key = appendString(nil, string(key))
		}
		out = append(append(out, key...), ':')
		if out, err = r.appendValue(out, depth+1); err != nil {
			return nil, err
		}
	}
	return append(out, '}'), nil
}

// appendBlob writes v as a JSON string: its text when it is valid UTF-8, otherwise base64.
func appendBlob(out, v []byte) []byte {
	if utf8.Valid(v) {
		return appendString(out, string(v))
	}
	return appendBase64(out, v)
}

func appendBase64(out, v []byte) []byte {
	return appendString(out, base64.StdEncoding.EncodeToString(v))
}

func appendString(out []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(out, q...)
}

func appendFloat(out []byte, f float64, bits int) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return appendString(out, strconv.FormatFloat(f, 'g', -1, bits))
	}
	return strconv.AppendFloat(out, f, 'g', -1, bits)
}
