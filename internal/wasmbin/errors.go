package wasmbin

import (
	"errors"
	"fmt"
)

// Kinds of parse failure. A *FormatError wraps exactly one of them, so callers can branch with
// errors.Is and still show the precise message.
var (
	// ErrNotWasm means the input does not start with the "\0asm" magic.
	ErrNotWasm = errors.New(`not a WebAssembly module (missing \0asm magic)`)
	// ErrUnsupportedVersion means the binary format version is not 1.
	ErrUnsupportedVersion = errors.New("unsupported wasm version")
	// ErrTruncated means a section or field extends past the end of its container.
	ErrTruncated = errors.New("truncated")
	// ErrBadLEB128 means a LEB128 integer is too long or overflows its type.
	ErrBadLEB128 = errors.New("bad LEB128")
	// ErrMalformed covers any other structural error (trailing bytes, unknown kinds, ...).
	ErrMalformed = errors.New("malformed module")
)

// FormatError describes where and why a module could not be parsed.
type FormatError struct {
	Kind   error // one of ErrNotWasm, ErrUnsupportedVersion, ErrTruncated, ErrBadLEB128, ErrMalformed
	Offset int   // byte offset in the module where the problem was found
	Msg    string
}

// Error returns the full message, which says what is wrong and where.
func (e *FormatError) Error() string { return e.Msg }

// Unwrap returns the kind of failure, for errors.Is.
func (e *FormatError) Unwrap() error { return e.Kind }

func formatErr(kind error, offset int, format string, args ...any) error {
	return &FormatError{Kind: kind, Offset: offset, Msg: fmt.Sprintf(format, args...)}
}
