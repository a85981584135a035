package httpserver

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-lattice/trellis/ctl"
)

// DefaultMaxBody is the request body limit when the link sets no max_body: 16 MiB.
const DefaultMaxBody = 16 << 20

// DefaultHost is the host a PORT link value listens on.
const DefaultHost = "127.0.0.1"

// config is a link's parsed values.
type config struct {
	addr    string        // HOST:PORT to listen on
	source  string        // the link value addr comes from, e.g. `PORT="8080"`, for errors
	timeout time.Duration // 0: the HostData RPC timeout
	maxBody int64
}

// value returns the link value named key, matched without regard to case.
func value(values map[string]string, key string) (string, bool) {
	if v, ok := values[key]; ok {
		return v, true
	}
	for k, v := range values {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return "", false
}

// parseConfig reads the link values of ld. Errors name the actor and the offending value.
func parseConfig(ld ctl.LinkDefinition) (config, error) {
	fail := func(format string, args ...any) (config, error) {
		return config{}, fmt.Errorf("httpserver link of actor %s (link %s): %s", ld.ActorID, ld.LinkName, fmt.Sprintf(format, args...))
	}
	c := config{maxBody: DefaultMaxBody}
	if addr, ok := value(ld.Values, "address"); ok {
		c.source = fmt.Sprintf("address=%q", addr)
		host, port, err := net.SplitHostPort(strings.TrimSpace(addr))
		if err != nil {
			return fail("invalid address %q: want HOST:PORT", addr)
		}
		if _, err := parsePort(port); err != nil {
			return fail("invalid address %q: %v", addr, err)
		}
		c.addr = net.JoinHostPort(host, port)
	} else if p, ok := value(ld.Values, "PORT"); ok {
		c.source = fmt.Sprintf("PORT=%q", p)
		port, err := parsePort(strings.TrimSpace(p))
		if err != nil {
			return fail("invalid PORT %q: %v", p, err)
		}
		c.addr = net.JoinHostPort(DefaultHost, strconv.Itoa(port))
	} else {
		return fail("link values set neither PORT nor address")
	}
	if t, ok := value(ld.Values, "timeout"); ok {
		d, err := parseTimeout(strings.TrimSpace(t))
		if err != nil {
			return fail("invalid timeout %q: want a duration such as 2s or whole milliseconds", t)
		}
		c.timeout = d
	}
	if m, ok := value(ld.Values, "max_body"); ok {
		n, err := strconv.ParseInt(strings.TrimSpace(m), 10, 64)
		if err != nil || n <= 0 {
			return fail("invalid max_body %q: want a positive number of bytes", m)
		}
		c.maxBody = n
	}
	return c, nil
}

func parsePort(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("port %q is not a number from 1 to 65535", s)
	}
	return n, nil
}

// parseTimeout reads a positive Go duration or a whole number of milliseconds.
func parseTimeout(s string) (time.Duration, error) {
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		if ms <= 0 {
			return 0, fmt.Errorf("not positive")
		}
		return time.Duration(ms) * time.Millisecond, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, err
	}
	if d <= 0 {
		return 0, fmt.Errorf("not positive")
	}
	return d, nil
}
