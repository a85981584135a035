package sqldb

import (
	"strconv"

	"github.com/trellis-lattice/trellis/contract/codec"
)

// mNil is the msgpack nil byte, which stands for an absent optional member.
const mNil = 0xc0

// isNil reports whether b starts with msgpack nil.
func isNil(b []byte) bool { return len(b) > 0 && b[0] == mNil }

// appendByteList appends a Blob that is a member of a list the way Rust actors write it: an
// array of u8 integers, each in its smallest unsigned form.
func appendByteList(b []byte, v []byte) []byte {
	b = codec.AppendArrayHeader(b, uint32(len(v)))
	for _, c := range v {
		b = codec.AppendU16(b, uint16(c))
	}
	return b
}

// elemError names the list element an error occurred in.
func elemError(list string, i int, err error) error {
	return &listError{where: list + " element " + strconv.Itoa(i), err: err}
}

// listError is an error inside one element of a list member.
type listError struct {
	where string
	err   error
}

func (e *listError) Error() string { return e.where + ": " + e.err.Error() }
func (e *listError) Unwrap() error { return e.err }
