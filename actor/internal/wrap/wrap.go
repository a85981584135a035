package wrap

// Err returns an error whose text is "what: " followed by err's text and
// which unwraps to err. It returns nil if err is nil.
func Err(what string, err error) error {
	if err == nil {
		return nil
	}
	return &wrapped{what: what, err: err}
}

// wrapped is an error with a prefix that says what was being done.
type wrapped struct {
	what string
	err  error
}

// Error returns the prefix and the wrapped error's text.
func (w *wrapped) Error() string { return w.what + ": " + w.err.Error() }

// Unwrap returns the wrapped error.
func (w *wrapped) Unwrap() error { return w.err }
