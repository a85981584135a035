package linkvalues

import (
	"errors"
	"net"
	"strconv"
	"strings"
)

// Names of the link values that say where a provider listens.
const (
	KeyAddress = "address" // HOST:PORT; wins over PORT
	KeyPort    = "PORT"    // a port on the caller's default host
)

// ErrNoListenAddress is the error of Listen when the link sets neither address nor PORT.
var ErrNoListenAddress = errors.New("link values set neither PORT nor address")

// ListenAddress is where a link's listener binds.
type ListenAddress struct {
	// Addr is HOST:PORT, ready for net.Listen.
	Addr string
	// Source is the link value Addr comes from, as the link gives it (`PORT="8080"` or
	// `address="0.0.0.0:8080"`), for errors about the address.
	Source string
}

// Listen reads where a link's listener binds: the address value (HOST:PORT; an empty HOST
// means every interface) or else the PORT value, on defaultHost. The port must be a number
// from 1 to 65535. One of the two is required.
func (r *Reader) Listen(defaultHost string) ListenAddress {
	a, err := listen(r.values, defaultHost)
	if err != nil {
		r.fail(err)
	}
	return a
}

// listen is Listen with the error returned.
func listen(values map[string]string, defaultHost string) (ListenAddress, error) {
	if addr, ok := Lookup(values, KeyAddress); ok {
		host, port, err := net.SplitHostPort(strings.TrimSpace(addr))
		if err != nil {
			return ListenAddress{}, &Error{Key: KeyAddress, Value: addr, Reason: "want HOST:PORT"}
		}
		if _, err := parsePort(port); err != nil {
			return ListenAddress{}, &Error{Key: KeyAddress, Value: addr, Reason: err.Error()}
		}
		return ListenAddress{Addr: net.JoinHostPort(host, port), Source: KeyAddress + "=" + strconv.Quote(addr)}, nil
	}
	if p, ok := Lookup(values, KeyPort); ok {
		port, err := parsePort(strings.TrimSpace(p))
		if err != nil {
			return ListenAddress{}, &Error{Key: KeyPort, Value: p, Reason: err.Error()}
		}
		return ListenAddress{Addr: net.JoinHostPort(defaultHost, strconv.Itoa(port)), Source: KeyPort + "=" + strconv.Quote(p)}, nil
	}
	return ListenAddress{}, ErrNoListenAddress
}

// parsePort reads a decimal port from 1 to 65535.
func parsePort(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 65535 {
		return 0, errors.New("port " + strconv.Quote(s) + " is not a number from 1 to 65535")
	}
	return n, nil
}
