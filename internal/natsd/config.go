package natsd

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
)

// Port values with a special meaning in Config.
const (
	// RandomPort asks the kernel for a free port (Server reports the one it got).
	RandomPort = -1
	// NoListener turns a listener off. For the client port it means in-process connections only.
	NoListener = 0
)

// DefaultHost is the address listeners bind to when Config leaves it empty.
const DefaultHost = "127.0.0.1"

// DefaultClusterName names the cluster of a server that has routes but no ClusterName.
const DefaultClusterName = "trellis"

// Config describes an embedded NATS server. The zero value, after defaults, is an in-process
// server without JetStream.
type Config struct {
	// ServerName names the server in logs and in the cluster. Required for JetStream in a cluster.
	ServerName string
	// Host is the client listener address; default DefaultHost.
	Host string
	// Port is the client port: RandomPort, NoListener (in-process connections only) or a port.
	Port int
	// DataDir holds persistent state; JetStream file storage lives in DataDir/jetstream.
	DataDir string
	// JetStream enables JetStream (requires DataDir).
	JetStream bool
	// JetStreamDomain names this server's JetStream domain, so that hosts behind leaf nodes
	// can reach it as $JS.<domain>.API (hub and leaf topologies). Empty means none.
	JetStreamDomain string

	// ClusterName names the route cluster; default DefaultClusterName when ClusterPort is set.
	ClusterName string
	// ClusterHost is the route listener address; default Host.
	ClusterHost string
	// ClusterPort accepts routes from other servers: RandomPort, NoListener or a port. A cluster
	// member needs a client listener too (Port not NoListener).
	ClusterPort int
	// Routes are nats-route:// URLs of other cluster members (requires ClusterPort).
	Routes []string

	// LeafHost is the leaf node listener address; default Host.
	LeafHost string
	// LeafPort accepts leaf node connections: RandomPort, NoListener or a port.
	LeafPort int
	// LeafRemotes are hub servers this server connects to as a leaf node.
	LeafRemotes []LeafRemote

	// Logger receives the server's log lines; default: discard. Trace lines are logged at
	// LevelTrace and only requested from the server when the logger enables that level.
	Logger *slog.Logger
}

// LeafRemote is a hub this server connects to as a leaf node.
type LeafRemote struct {
	// URL is the hub's leaf node URL, e.g. nats-leaf://hub.example:7422.
	URL string
	// CredentialsFile is an optional NATS .creds file to authenticate with.
	CredentialsFile string
}

// withDefaults returns a copy of c with empty fields set to their defaults.
func (c Config) withDefaults() Config {
	if c.Host == "" {
		c.Host = DefaultHost
	}
	if c.ClusterHost == "" {
		c.ClusterHost = c.Host
	}
	if c.LeafHost == "" {
		c.LeafHost = c.Host
	}
	if c.ClusterName == "" && c.ClusterPort != NoListener {
		c.ClusterName = DefaultClusterName
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Validate reports the first problem with c (after defaults are applied by Start).
func (c *Config) Validate() error {
	var errs []error
	for _, p := range []struct {
		name string
		port int
	}{{"port", c.Port}, {"cluster port", c.ClusterPort}, {"leaf port", c.LeafPort}} {
		if p.port < RandomPort || p.port > 65535 {
			errs = append(errs, fmt.Errorf("%s %d out of range (want -1 for random, 0 for none, or 1–65535)", p.name, p.port))
		}
	}
	if c.JetStream && c.DataDir == "" {
		errs = append(errs, errors.New("jetstream needs a data directory (DataDir)"))
	}
	if len(c.Routes) > 0 && c.ClusterPort == NoListener {
		errs = append(errs, errors.New("routes need a cluster port (ClusterPort)"))
	}
	if c.ClusterPort != NoListener && c.Port == NoListener {
		// nats-server starts routing only once its client listener is up.
		errs = append(errs, errors.New("a cluster port needs a client listener (Port -1 or a port)"))
	}
	if c.JetStream && c.ClusterPort != NoListener && c.ServerName == "" {
		errs = append(errs, errors.New("jetstream in a cluster needs a server name (ServerName)"))
	}
	for _, r := range c.Routes {
		if _, err := parseURL(r, "nats-route", "nats"); err != nil {
			errs = append(errs, fmt.Errorf("route: %w", err))
		}
	}
	for _, r := range c.LeafRemotes {
		if _, err := parseURL(r.URL, "nats-leaf", "nats", "tls", "ws", "wss"); err != nil {
			errs = append(errs, fmt.Errorf("leaf remote: %w", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("invalid nats server config: %w", err)
	}
	return nil
}

// parseURL parses a URL with one of the given schemes and a host.
func parseURL(s string, schemes ...string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	for _, sc := range schemes {
		if u.Scheme == sc && u.Host != "" {
			return u, nil
		}
	}
	return nil, fmt.Errorf("%q: want %s://host:port", s, schemes[0])
}
