package sqlrows

import (
	"errors"
	"maps"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-lattice/trellis/providers/internal/linkvalues"
)

// Link value names shared by the sqldb providers; keys are matched without regard to case.
const (
	LinkURI              = "uri"
	LinkMaxConnections   = "max_connections"
	LinkStatementTimeout = "statement_timeout"
	LinkMaxResultBytes   = "max_result_bytes"
)

// Defaults of the optional link values.
const (
	DefaultMaxConnections = 10
	DefaultMaxResultBytes = 16 << 20
)

// Options are a link's values.
type Options struct {
	// URI locates the database; its form is the provider's.
	URI string
	// MaxConnections caps the link's connection pool.
	MaxConnections int
	// StatementTimeout bounds each statement; 0 means no bound beyond the invocation's.
	StatementTimeout time.Duration
	// MaxResultBytes caps the encoded rows of a query result.
	MaxResultBytes int
}

// ParseOptions reads a link's values. The uri value is required; the others get their
// defaults when absent or empty. Errors name the value and say what it must be.
func ParseOptions(values map[string]string) (Options, error) {
	o := Options{MaxConnections: DefaultMaxConnections, MaxResultBytes: DefaultMaxResultBytes}
	uri, _ := linkvalues.Lookup(values, LinkURI)
	if o.URI = strings.TrimSpace(uri); o.URI == "" {
		return o, errors.New("missing " + LinkURI + " value: set it to the database's connection URI")
	}
	values = maps.Clone(values)
	maps.DeleteFunc(values, func(_, v string) bool { return v == "" })
	r := linkvalues.NewReader(values)
	o.MaxConnections = r.PositiveInt(LinkMaxConnections, o.MaxConnections)
	o.MaxResultBytes = r.PositiveInt(LinkMaxResultBytes, o.MaxResultBytes)
	o.StatementTimeout = r.DurationOrZero(LinkStatementTimeout, 0)
	if err := r.Err(); err != nil {
		return o, optionError(err)
	}
	return o, nil
}

// optionError words a link value error the way the sqldb providers always have:
// `invalid NAME value "VALUE": REASON`.
func optionError(err error) error {
	var e *linkvalues.Error
	if !errors.As(err, &e) {
		return err
	}
	return &valueError{err: e}
}

// valueError is a *linkvalues.Error in the sqldb providers' wording.
type valueError struct{ err *linkvalues.Error }

func (e *valueError) Error() string {
	return "invalid " + e.err.Key + " value " + strconv.Quote(e.err.Value) + ": " + e.err.Reason
}

func (e *valueError) Unwrap() error { return e.err }
