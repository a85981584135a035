package blobstore

import "errors"

// ErrPayloadFormat reports a payload whose first byte is reserved (00–7e
// other than a 1-byte payload, and c0; ACTORS.md §3.2): it is neither CBOR
// with the 0x7f header nor msgpack.
var ErrPayloadFormat = errors.New("payload is neither cbor (0x7f header) nor msgpack")

// ErrEmptyPayload reports a 0-byte payload where a value is expected.
var ErrEmptyPayload = errors.New("empty payload")

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
