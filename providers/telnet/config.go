package telnet

import (
	"time"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/providers/internal/linkvalues"
)

// Defaults of the link values.
const (
	// DefaultHost is the host a PORT link value listens on.
	DefaultHost = "127.0.0.1"
	// DefaultMaxLine is the longest line accepted when the link sets no max_line, in bytes.
	DefaultMaxLine = 4096
	// DefaultMaxSessions is the session limit per link when the link sets no max_sessions.
	DefaultMaxSessions = 1024
)

// config is a link's parsed values.
type config struct {
	linkvalues.ListenAddress               // where to listen, and the link value saying so
	maxLine                  int           // longest line, in bytes
	idleTimeout              time.Duration // 0: none
	maxSessions              int
}

// parseConfig reads the link values of ld. Errors name the actor, the link and the offending
// value.
func parseConfig(ld ctl.LinkDefinition) (config, error) {
	return linkvalues.Parse("telnet", ld, func(r *linkvalues.Reader) config {
		return config{
			ListenAddress: r.Listen(DefaultHost),
			maxLine:       r.PositiveInt("max_line", DefaultMaxLine),
			maxSessions:   r.PositiveInt("max_sessions", DefaultMaxSessions),
			idleTimeout:   r.GoDuration("idle_timeout", 0),
		}
	})
}
