package linkvalues

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-lattice/trellis/ctl"
)

// Error is a link value that is present but cannot be used.
type Error struct {
	Key    string // the value's name as the provider documents it, e.g. "max_body"
	Value  string // the value as the link gives it
	Reason string // what is wrong, e.g. "want a positive whole number"
}

// Error implements error: `invalid KEY "VALUE": REASON`.
func (e *Error) Error() string {
	return "invalid " + e.Key + " " + strconv.Quote(e.Value) + ": " + e.Reason
}

// Lookup returns the value named key. Keys are matched without regard to case; an exact match
// wins, and among keys that differ from key only in case the smallest wins, so the result does
// not depend on map order.
func Lookup(values map[string]string, key string) (string, bool) {
	if v, ok := values[key]; ok {
		return v, true
	}
	var found bool
	var match, value string
	for k, v := range values {
		if strings.EqualFold(k, key) && (!found || k < match) {
			found, match, value = true, k, v
		}
	}
	return value, found
}

// Parse reads the values of ld with read, and returns what read builds or, when a value is
// wrong, the Reader's first error wrapped as "<provider> link of actor A (link L): …".
func Parse[T any](provider string, ld ctl.LinkDefinition, read func(*Reader) T) (T, error) {
	r := NewReader(ld.Values)
	v := read(r)
	if r.err != nil {
		var zero T
		return zero, &LinkError{Provider: provider, ActorID: ld.ActorID, LinkName: ld.LinkName, Err: r.err}
	}
	return v, nil
}

// LinkError is an error in the values of one link, naming the provider, actor and link.
type LinkError struct {
	Provider string // e.g. "httpserver"
	ActorID  string
	LinkName string
	Err      error // an *Error, or ErrNoListenAddress
}

// Error implements error.
func (e *LinkError) Error() string {
	return e.Provider + " link of actor " + e.ActorID + " (link " + e.LinkName + "): " + e.Err.Error()
}

// Unwrap returns the error in the values.
func (e *LinkError) Unwrap() error { return e.Err }

// Reader reads the values of one link. Each method returns the caller's default when its value
// is absent; when a value is wrong it returns the zero value and the Reader keeps the first
// such error for Err, so a provider's values read as one struct literal with one check.
type Reader struct {
	values map[string]string
	err    error
}

// NewReader returns a Reader of values.
func NewReader(values map[string]string) *Reader { return &Reader{values: values} }

// Err returns the first error of the values read so far: an *Error, or ErrNoListenAddress.
func (r *Reader) Err() error { return r.err }

// fail keeps err unless an earlier error is kept already.
func (r *Reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// PositiveInt reads the value key as a decimal integer above zero.
func (r *Reader) PositiveInt(key string, def int) int {
	return read(r, key, def, "want a positive whole number", func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil && n > 0
	})
}

// ByteSize reads the value key as a positive whole number of bytes.
func (r *Reader) ByteSize(key string, def int64) int64 {
	return read(r, key, def, "want a positive number of bytes", func(s string) (int64, bool) {
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil && n > 0
	})
}

// Bool reads the value key as true or false (or another form strconv.ParseBool accepts, such
// as 1 and 0).
func (r *Reader) Bool(key string, def bool) bool {
	return read(r, key, def, "want true or false", func(s string) (bool, bool) {
		b, err := strconv.ParseBool(s)
		return b, err == nil
	})
}

// Duration reads the value key as a positive duration: a Go duration ("1.5s", "250ms") or a
// whole number of milliseconds ("1500").
func (r *Reader) Duration(key string, def time.Duration) time.Duration {
	return read(r, key, def, "want a positive duration such as 10s or 500ms, or whole milliseconds", func(s string) (time.Duration, bool) {
		d, ok := parseDuration(s)
		return d, ok && d > 0
	})
}

// DurationOrZero is Duration for values where 0 has a meaning of its own, usually "no bound".
func (r *Reader) DurationOrZero(key string, def time.Duration) time.Duration {
	return read(r, key, def, "want a duration such as 30s or 500ms, or whole milliseconds (0 for none)", parseDuration)
}

// GoDuration reads the value key as a positive Go duration ("5m", "1h30m"). Unlike Duration it
// rejects a bare number, for values long enough that people write them in seconds or minutes
// and milliseconds would be a surprise.
func (r *Reader) GoDuration(key string, def time.Duration) time.Duration {
	return read(r, key, def, "want a positive duration with a unit, such as 5m", func(s string) (time.Duration, bool) {
		d, err := time.ParseDuration(s)
		return d, err == nil && d > 0
	})
}

// read returns def when the value key is absent, and otherwise the value parsed, with spaces
// around it trimmed; when parse rejects it, read keeps an *Error with reason and returns zero.
func read[T any](r *Reader, key string, def T, reason string, parse func(string) (T, bool)) T {
	s, ok := Lookup(r.values, key)
	if !ok {
		return def
	}
	v, ok := parse(strings.TrimSpace(s))
	if !ok {
		r.fail(&Error{Key: key, Value: s, Reason: reason})
		var zero T
		return zero
	}
	return v
}

// parseDuration reads a Go duration or a whole number of milliseconds, neither negative.
func parseDuration(s string) (time.Duration, bool) {
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		ok := ms >= 0 && ms <= math.MaxInt64/int64(time.Millisecond)
		return time.Duration(ms) * time.Millisecond, ok
	}
	d, err := time.ParseDuration(s)
	return d, err == nil && d >= 0
}
