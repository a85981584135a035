package codec

import "errors"

// ErrTruncated reports msgpack data that ends in the middle of a value,
// including an empty payload where a value is expected.
var ErrTruncated = errors.New("msgpack data truncated")

// ErrTrailingBytes reports a payload with bytes left over after its value.
var ErrTrailingBytes = errors.New("trailing bytes after msgpack value")

// TypeError reports a msgpack value whose type is not one the reader accepts,
// for example a float where an integer is expected.
type TypeError struct {
	Want  string // what the reader accepts, e.g. "u32" or "map"
	Found string // the msgpack type that was found, e.g. "float64"
}

// Error implements error.
func (e *TypeError) Error() string {
	return "found " + e.Found + ", want " + e.Want
}

// RangeError reports an integer that does not fit the target type.
type RangeError struct {
	Want  string // the target type, e.g. "u8" or "i32"
	Value string // the decimal value that was found
}

// Error implements error.
func (e *RangeError) Error() string {
	return "integer " + e.Value + " out of range for " + e.Want
}

// typeError builds the TypeError for the value starting with lead.
func typeError(want string, lead byte) error {
	return &TypeError{Want: want, Found: describe(lead)}
}

// contextError is an error with context around it, built as
// fmt.Errorf(prefix + "%w" + suffix, err) would build it (codec does not
// import fmt): the text is fixed when it is made, and Unwrap returns err.
type contextError struct {
	msg string
	err error
}

// Error implements error.
func (e *contextError) Error() string { return e.msg }

// Unwrap returns the error the context was put around.
func (e *contextError) Unwrap() error { return e.err }

// wrapError puts prefix and suffix around err's text.
func wrapError(prefix string, err error, suffix string) error {
	return &contextError{msg: prefix + err.Error() + suffix, err: err}
}
