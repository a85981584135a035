package host

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/wasmrt"
	"github.com/trellis-lattice/trellis/provider"
)

// Defaults of Config.
const (
	DefaultRPCTimeout        = 2 * time.Second
	DefaultHeartbeatInterval = 30 * time.Second
)

// Config configures a Host. Flags and environment are read in cmd/ only.
type Config struct {
	Lattice        string
	HostKey        *claims.KeyPair // N…; generated when nil
	ClusterKey     *claims.KeyPair // C…, signs invocations; generated when nil
	ClusterIssuers []string        // cluster keys whose invocations are accepted (own key always added)
	Labels         map[string]string
	AllowUnsigned  bool // run actors without claims
	AllowFileLoad  bool // accept file:// references
	RPCTimeout     time.Duration
	ActorLimits    wasmrt.Limits
	CtlPrefix      string // default wasmbus.ctl
	Version        string
	CacheDir       string // wasm compilation cache; empty = the user cache dir
	// JetStreamDomain is the JetStream domain holding the lattice's metadata; set it on hosts
	// that reach a hub's JetStream through a leaf node. Empty means the local JetStream API.
	JetStreamDomain string
	// HeartbeatInterval is how often heartbeats and the membership record are written.
	HeartbeatInterval time.Duration
	Logger            *slog.Logger
	// Builtins are the first-party providers this host can run in-process, by name.
	Builtins map[string]Builtin

	// OCIInsecure lists registries reachable over plain HTTP (loopback always is).
	OCIInsecure []string
	// OCIAllowLatest accepts references with the latest tag or none.
	OCIAllowLatest bool

	// ProviderRPCURL is the NATS address (host:port) given to provider processes; empty means the
	// address of the host's own connection. Hosts on an in-process connection must set it.
	ProviderRPCURL string
	// ProviderLogLevel is the log level given to providers (HostData log_level); "" is info.
	ProviderLogLevel string
	// ProviderHealthInterval is how often each provider's health is checked.
	ProviderHealthInterval time.Duration
	// ProviderStartTimeout bounds how long a new provider instance may take to answer its
	// health subject.
	ProviderStartTimeout time.Duration
	// ProviderStopTimeout is how long a provider may take to exit after its shutdown request
	// before it is killed.
	ProviderStopTimeout time.Duration
	// ProviderRestartBackoff is the delay before the first restart of a provider that ended on
	// its own; it doubles with each further failure up to ProviderRestartMaxBackoff.
	ProviderRestartBackoff    time.Duration
	ProviderRestartMaxBackoff time.Duration
}

// Defaults of the provider supervisor.
const (
	DefaultProviderHealthInterval    = 30 * time.Second
	DefaultProviderStartTimeout      = 30 * time.Second
	DefaultProviderRestartBackoff    = time.Second
	DefaultProviderRestartMaxBackoff = time.Minute
)

func (c Config) withDefaults() (Config, error) {
	if c.Lattice == "" {
		c.Lattice = ctl.DefaultLattice
	}
	if c.RPCTimeout == 0 {
		c.RPCTimeout = DefaultRPCTimeout
	}
	if c.HeartbeatInterval == 0 {
		c.HeartbeatInterval = DefaultHeartbeatInterval
	}
	c.ProviderHealthInterval = orDefault(c.ProviderHealthInterval, DefaultProviderHealthInterval)
	c.ProviderStartTimeout = orDefault(c.ProviderStartTimeout, DefaultProviderStartTimeout)
	c.ProviderStopTimeout = orDefault(c.ProviderStopTimeout, provider.ShutdownTimeout+time.Second)
	c.ProviderRestartBackoff = orDefault(c.ProviderRestartBackoff, DefaultProviderRestartBackoff)
	c.ProviderRestartMaxBackoff = orDefault(c.ProviderRestartMaxBackoff, DefaultProviderRestartMaxBackoff)
	if c.CtlPrefix == "" {
		c.CtlPrefix = ctl.DefaultTopicPrefix
	}
	if c.Version == "" {
		c.Version = "dev"
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	var err error
	if c.HostKey == nil {
		if c.HostKey, err = claims.NewKeyPair(claims.PrefixHost); err != nil {
			return c, err
		}
	}
	if c.ClusterKey == nil {
		if c.ClusterKey, err = claims.NewKeyPair(claims.PrefixCluster); err != nil {
			return c, err
		}
	}
	c.ActorLimits = c.ActorLimits.WithDefaults()
	return c, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	var errs []error
	if c.HostKey != nil && c.HostKey.Prefix() != claims.PrefixHost {
		errs = append(errs, fmt.Errorf("host key %s is a %s key, want a host (N…) key", c.HostKey.PublicKey(), c.HostKey.Prefix()))
	}
	if c.ClusterKey != nil && c.ClusterKey.Prefix() != claims.PrefixCluster {
		errs = append(errs, fmt.Errorf("cluster key %s is a %s key, want a cluster (C…) key", c.ClusterKey.PublicKey(), c.ClusterKey.Prefix()))
	}
	for _, k := range c.ClusterIssuers {
		if _, err := claims.DecodePublicAs(k, claims.PrefixCluster); err != nil {
			errs = append(errs, fmt.Errorf("cluster issuer %q: %w", k, err))
		}
	}
	if c.RPCTimeout < 0 {
		errs = append(errs, fmt.Errorf("rpc timeout %s is negative", c.RPCTimeout))
	}
	if err := c.ActorLimits.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
