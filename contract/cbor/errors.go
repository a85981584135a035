package cbor

import "errors"

// ErrTruncated reports CBOR data that ends in the middle of an item,
// including an empty buffer where an item is expected and a length larger
// than the bytes left.
var ErrTruncated = errors.New("cbor data truncated")

// ErrTrailingBytes reports a buffer with bytes left over after its item.
var ErrTrailingBytes = errors.New("trailing bytes after cbor item")

// ErrMalformed reports data that is not well-formed CBOR (RFC 8949 §3): a
// reserved additional information value, a break outside an
// indefinite-length item, or a badly formed indefinite-length string.
var ErrMalformed = errors.New("malformed cbor data")

// ErrInvalidUTF8 reports a text string that is not valid UTF-8.
var ErrInvalidUTF8 = errors.New("cbor text string is not valid UTF-8")

// ErrTooDeep reports arrays, maps and tags nested more than MaxDepth levels.
var ErrTooDeep = errors.New("cbor data nested too deeply")

// MaxDepth is how deeply arrays, maps and tags may nest, in data read and in
// values written by AppendValue.
const MaxDepth = 512

// TypeError reports an item whose type is not one the reader accepts, for
// example a text string where an integer is expected, or a Go value
// AppendValue cannot encode.
type TypeError struct {
	Want string // what the reader accepts, e.g. "uint" or "array"
	Got  string // what was found, e.g. "text string" or "Go type chan int"
}

// Error implements error.
func (e *TypeError) Error() string {
	return "cbor: found " + e.Got + ", want " + e.Want
}

// RangeError reports an integer that does not fit the target type.
type RangeError struct {
	Want  string // the target type, e.g. "int64" or "int"
	Value string // the decimal value that was found
}

// Error implements error.
func (e *RangeError) Error() string {
	return "cbor: integer " + e.Value + " out of range for " + e.Want
}

// typeError builds the TypeError for the item starting with lead.
func typeError(want string, lead byte) error {
	return &TypeError{Want: want, Got: describe(lead)}
}

// contextError is an error with context before it, built as fmt.Errorf(prefix
// + "%w", err) would build it (the package does not import fmt).
type contextError struct {
	msg string
	err error
}

// Error implements error.
func (e *contextError) Error() string { return e.msg }

// Unwrap returns the error the context was put around.
func (e *contextError) Unwrap() error { return e.err }

// wrapError puts prefix before err's text.
func wrapError(prefix string, err error) error {
	return &contextError{msg: prefix + err.Error(), err: err}
}
