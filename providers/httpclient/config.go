package httpclient

import (
	"time"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/providers/internal/linkvalues"
)

// Defaults of the link values.
const (
	// DefaultTimeout bounds a request when the link sets no timeout.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxResponseBody is the response body limit when the link sets no
	// max_response_body: 16 MiB.
	DefaultMaxResponseBody = 16 << 20
	// MaxRedirects is how many redirects a request follows at most.
	MaxRedirects = 10
)

// config is a link's parsed values.
type config struct {
	timeout         time.Duration
	maxBody         int64
	followRedirects bool
}

// parseConfig reads the link values of ld. Errors name the actor, the link and the offending
// value.
func parseConfig(ld ctl.LinkDefinition) (config, error) {
	return linkvalues.Parse("httpclient", ld, func(r *linkvalues.Reader) config {
		return config{
			timeout:         r.Duration("timeout", DefaultTimeout),
			maxBody:         r.ByteSize("max_response_body", DefaultMaxResponseBody),
			followRedirects: r.Bool("follow_redirects", true),
		}
	})
}
