package httpserver

import (
	"time"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/providers/internal/linkvalues"
)

// DefaultMaxBody is the request body limit when the link sets no max_body: 16 MiB.
const DefaultMaxBody = 16 << 20

// DefaultHost is the host a PORT link value listens on.
const DefaultHost = "127.0.0.1"

// config is a link's parsed values.
type config struct {
	linkvalues.ListenAddress               // where to listen, and the link value saying so
	timeout                  time.Duration // 0: the HostData RPC timeout
	maxBody                  int64
}

// parseConfig reads the link values of ld. Errors name the actor and the offending value.
func parseConfig(ld ctl.LinkDefinition) (config, error) {
	return linkvalues.Parse("httpserver", ld, func(r *linkvalues.Reader) config {
		return config{
			ListenAddress: r.Listen(DefaultHost),
			timeout:       r.Duration("timeout", 0),
			maxBody:       r.ByteSize("max_body", DefaultMaxBody),
		}
	})
}
