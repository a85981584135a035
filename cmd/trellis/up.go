package main

import (
	"context"
	"errors"
	"maps"

	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/deploy"
	"github.com/trellis-lattice/trellis/internal/deploy/manifest"
	"github.com/trellis-lattice/trellis/internal/host"
	"github.com/trellis-lattice/trellis/internal/natsd"
)

// defaultNATSAddr is where `trellis up` looks for a lattice to join, and where it starts the
// embedded server when there is none.
const defaultNATSAddr = "127.0.0.1:4222"

type upFlags struct {
	natsURL, natsListen, lattice, dataDir           string
	labels, clusterIssuers, leafRemotes, routes     []string
	hostSeed, clusterSeed, leafCreds, clusterListen string
	allowUnsigned, disableFileLoad, noReconciler    bool
	manifests, ociInsecure                          []string
	ociAllowLatest                                  bool
	rpcTimeout                                      time.Duration
	logLevel, jsDomain, natsJSDomain, leafListen    string
}

func newUpCmd(c *cli) *cobra.Command {
	var f upFlags
	cmd := &cobra.Command{
		Use:   "up",
		Short: "Start a host in the foreground and join (or create) a lattice",
		Long: `Start a Trellis host in the foreground. Ctrl-C or SIGTERM stops its actors, publishes
host_stopped and exits 0.

NATS: with --nats-url the host joins that server. Without it, it joins a NATS server already
answering on 127.0.0.1:4222 (so a second 'trellis up' on a laptop joins the first lattice), or
else starts the embedded NATS server (with JetStream, data under --data-dir) there.
--nats-listen always starts the embedded server, on the address given.

Labels come from --label k=v and from HOST_<NAME>=value environment variables. The cluster key
that signs invocations is kept in the keys directory as <lattice>_cluster.nk, so every host and
tool on this machine shares it.`,
		Example: `  trellis up
  trellis up --lattice dev --label zone=a
  trellis up --nats-listen 127.0.0.1:4333 --data-dir /tmp/trellis-a
  trellis up --nats-url nats://hub.example:4222 --cluster-seed SC…
  trellis up --nats-listen 127.0.0.1:4222 --nats-leaf-listen 0.0.0.0:7422 --nats-js-domain hub   # a hub
  trellis up --nats-listen 127.0.0.1:4223 --leaf-remote nats-leaf://hub.example:7422 --js-domain hub`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return up(cmd.Context(), c, &f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.natsURL, "nats-url", os.Getenv("TRELLIS_NATS_URL"), "join the NATS server at this URL (env TRELLIS_NATS_URL)")
	fl.StringVar(&f.natsListen, "nats-listen", "", "start the embedded NATS server on HOST:PORT (port 0 picks a free one)")
	fl.StringVar(&f.lattice, "lattice", envOr("TRELLIS_LATTICE", "default"), "lattice name (env TRELLIS_LATTICE)")
	fl.StringVar(&f.dataDir, "data-dir", "", "embedded NATS JetStream storage (default ~/.trellis/data)")
	fl.StringArrayVar(&f.labels, "label", nil, "host label KEY=VALUE (repeatable)")
	fl.StringVar(&f.hostSeed, "host-seed", os.Getenv("TRELLIS_HOST_SEED"), "host seed SN… (default: a new key each start)")
	fl.StringVar(&f.clusterSeed, "cluster-seed", os.Getenv("TRELLIS_CLUSTER_SEED"), "cluster seed SC… that signs invocations (default: <keys dir>/<lattice>_cluster.nk)")
	fl.StringSliceVar(&f.clusterIssuers, "cluster-issuers", nil, "other cluster public keys (C…) whose invocations are accepted")
	fl.BoolVar(&f.allowUnsigned, "allow-unsigned", false, "run actors that carry no claims")
	fl.BoolVar(&f.disableFileLoad, "disable-file-load", false, "refuse file:// actor references")
	fl.DurationVar(&f.rpcTimeout, "rpc-timeout", host.DefaultRPCTimeout, "timeout of lattice calls")
	fl.StringArrayVar(&f.leafRemotes, "leaf-remote", nil, "embedded server: connect as a leaf node to this hub URL (repeatable)")
	fl.StringVar(&f.leafCreds, "leaf-credentials", "", "embedded server: credentials file for the leaf remotes")
	fl.StringVar(&f.clusterListen, "nats-cluster-listen", "", "embedded server: listen for cluster routes on HOST:PORT")
	fl.StringArrayVar(&f.routes, "nats-route", nil, "embedded server: route to this cluster peer (nats-route://host:port, repeatable)")
	fl.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	fl.StringVar(&f.jsDomain, "js-domain", "", "JetStream domain that holds the lattice metadata (the hub's, for a host behind a leaf node)")
	fl.StringVar(&f.leafListen, "nats-leaf-listen", "", "embedded server: accept leaf-node connections on HOST:PORT")
	fl.StringVar(&f.natsJSDomain, "nats-js-domain", "", "embedded server: its own JetStream domain (hubs name one so leaf hosts can reach it)")
	fl.StringArrayVar(&f.manifests, "manifest", nil, "store and deploy this application manifest at start (repeatable)")
	fl.BoolVar(&f.noReconciler, "no-reconciler", false, "do not run the deployment reconciler on this host")
	fl.StringSliceVar(&f.ociInsecure, "oci-insecure", envList(envOCIInsecure), "registries that may be reached over plain HTTP (loopback always may; env "+envOCIInsecure+")")
	fl.BoolVar(&f.ociAllowLatest, "oci-allow-latest", envBool(envOCIAllowLatest), "accept OCI references with the latest tag (env "+envOCIAllowLatest+")")
	return cmd
}

func up(ctx context.Context, c *cli, f *upFlags) error {
	log, err := newLogger(c, f.logLevel)
	if err != nil {
		return err
	}
	cfg, err := f.hostConfig(log)
	if err != nil {
		return err
	}
	nc, srv, err := f.connect(ctx, log)
	if err != nil {
		return err
	}
	if srv != nil {
		defer srv.Shutdown()
	}
	defer nc.Close()
	if srv != nil {
		// Provider processes reach the embedded server over TCP, not the in-process connection.
		cfg.ProviderRPCURL = strings.TrimPrefix(srv.ClientURL(), "nats://")
	}
	cfg.ProviderLogLevel = f.logLevel
	h, err := host.New(ctx, nc, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Host %s (%s) is up in lattice %q\n", h.ID(), h.FriendlyName(), h.Lattice())
	url := nc.ConnectedUrlRedacted()
	if srv != nil {
		url = srv.ClientURL() // the in-process connection has no URL of its own
	}
	fmt.Fprintf(c.out, "  NATS:        %s%s\n", url, embeddedNote(srv))
	fmt.Fprintf(c.out, "  cluster key: %s\n", h.ClusterKey())
	fmt.Fprintf(c.out, "Next: trellis get hosts --lattice %s | trellis start actor file://$PWD/build/echo_s.wasm | trellis events\n", h.Lattice())
	if err := f.runReconciler(ctx, c, nc, h, log); err != nil {
		_ = h.Stop(context.WithoutCancel(ctx))
		return err
	}

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	select {
	case <-ctx.Done():
	case s := <-sig:
		log.Info("stopping", "signal", s.String())
	case id := <-h.StopRequested():
		log.Info("stopping on request", "correlation_id", id)
	}
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := h.Stop(stopCtx); err != nil {
		return fmt.Errorf("stop host: %w", err)
	}
	fmt.Fprintf(c.out, "Host %s stopped\n", h.ID())
	return nil
}

// runReconciler starts the deployment reconciler in the background (unless --no-reconciler)
// and stores and deploys the --manifest files.
func (f *upFlags) runReconciler(ctx context.Context, c *cli, nc *nats.Conn, h *host.Host, log *slog.Logger) error {
	if f.noReconciler && len(f.manifests) == 0 {
		return nil
	}
	var js jetstream.JetStream
	var err error
	if f.jsDomain != "" {
		js, err = jetstream.NewWithDomain(nc, f.jsDomain)
	} else {
		js, err = jetstream.New(nc)
	}
	if err != nil {
		return fmt.Errorf("reconciler: %w", err)
	}
	// A short timeout: a host that died without goodbye is noticed when it fails to answer one.
	client, err := ctl.NewClient(nc, ctl.Options{Lattice: f.lattice, Timeout: time.Second})
	if err != nil {
		return err
	}
	r, err := deploy.NewReconciler(ctx, deploy.ReconcilerConfig{Client: client, JetStream: js, Lattice: f.lattice, ID: h.ID(), Logger: log})
	if err != nil {
		return fmt.Errorf("reconciler: %w", err)
	}
	if !f.noReconciler {
		go r.Run(ctx)
	}
	for _, file := range f.manifests {
		name, version, err := putManifest(ctx, r.Store(), file)
		if err != nil {
			return err
		}
		if _, err := r.Store().Deploy(ctx, name, version); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "  deploying:   %s version %s from %s (trellis app status %s)\n", name, version, file, name)
	}
	return nil
}

// putManifest stores the manifest in file; a version stored before with the same content is
// reused, so restarting with the same --manifest works.
func putManifest(ctx context.Context, st *deploy.Store, file string) (name, version string, err error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", "", fmt.Errorf("--manifest: %w", err)
	}
	m, err := st.Put(ctx, file, data)
	if errors.Is(err, deploy.ErrVersionExists) {
		parsed, perr := manifest.Parse(file, data)
		if perr != nil {
			return "", "", perr
		}
		app, gerr := st.Get(ctx, parsed.Metadata.Name)
		if gerr != nil {
			return "", "", gerr
		}
		if v, ok := app.Find(parsed.Version()); ok && v.Source == string(data) {
			return parsed.Metadata.Name, parsed.Version(), nil
		}
		return "", "", fmt.Errorf("--manifest %s: %w", file, err)
	}
	if err != nil {
		return "", "", err
	}
	return m.Metadata.Name, m.Version(), nil
}

func embeddedNote(srv *natsd.Server) string {
	if srv == nil {
		return " (joined)"
	}
	return " (embedded server)"
}

func newLogger(c *cli, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(c.errOut, &slog.HandlerOptions{Level: l})), nil
}

// hostConfig turns the flags and environment into a host configuration.
func (f *upFlags) hostConfig(log *slog.Logger) (host.Config, error) {
	labels, err := parsePairs(f.labels, "label")
	if err != nil {
		return host.Config{}, err
	}
	cfg := host.Config{
		Lattice: f.lattice, Labels: withEnvLabels(labels), ClusterIssuers: f.clusterIssuers,
		AllowUnsigned: f.allowUnsigned, AllowFileLoad: !f.disableFileLoad, RPCTimeout: f.rpcTimeout, Logger: log, Version: version,
		JetStreamDomain: f.jsDomain, Builtins: builtinProviders(), OCIInsecure: f.ociInsecure, OCIAllowLatest: f.ociAllowLatest,
	}
	if f.hostSeed != "" {
		if cfg.HostKey, err = claims.ParseSeedAs(f.hostSeed, claims.PrefixHost); err != nil {
			return cfg, fmt.Errorf("--host-seed: %w", err)
		}
	}
	if f.clusterSeed != "" {
		cfg.ClusterKey, err = claims.ParseSeedAs(f.clusterSeed, claims.PrefixCluster)
	} else {
		cfg.ClusterKey, err = loadOrCreateClusterKey(f.lattice)
	}
	if err != nil {
		return cfg, fmt.Errorf("cluster key: %w", err)
	}
	return cfg, nil
}

// connect joins the NATS server the flags name, or starts the embedded one.
func (f *upFlags) connect(ctx context.Context, log *slog.Logger) (*nats.Conn, *natsd.Server, error) {
	opts := []nats.Option{nats.Name("trellis host"), nats.MaxReconnects(-1), nats.ReconnectWait(time.Second)}
	if f.natsURL != "" {
		nc, err := nats.Connect(f.natsURL, opts...)
		if err != nil {
			return nil, nil, fmt.Errorf("connect to NATS at %s: %w", f.natsURL, err)
		}
		return nc, nil, nil
	}
	listen := f.natsListen
	if listen == "" {
		if reachable(defaultNATSAddr) {
			nc, err := nats.Connect("nats://"+defaultNATSAddr, opts...)
			if err == nil {
				return nc, nil, nil
			}
			log.Warn("a server answers on "+defaultNATSAddr+" but is not usable NATS; starting the embedded server elsewhere is not possible", "err", err)
			return nil, nil, fmt.Errorf("join NATS at %s: %w", defaultNATSAddr, err)
		}
		listen = defaultNATSAddr
	}
	srv, err := f.startEmbedded(ctx, listen, log)
	if err != nil {
		return nil, nil, err
	}
	nc, err := srv.Connect(opts...)
	if err != nil {
		srv.Shutdown()
		return nil, nil, fmt.Errorf("connect to the embedded NATS server: %w", err)
	}
	return nc, srv, nil
}

func (f *upFlags) startEmbedded(ctx context.Context, listen string, log *slog.Logger) (*natsd.Server, error) {
	hostPart, port, err := splitHostPort(listen, "--nats-listen")
	if err != nil {
		return nil, err
	}
	dataDir := f.dataDir
	if dataDir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, fmt.Errorf("locate data dir: %w (set --data-dir)", err)
		}
		dataDir = filepath.Join(home, ".trellis", "data")
	}
	cfg := natsd.Config{Host: hostPart, Port: port, DataDir: dataDir, JetStream: true, JetStreamDomain: f.natsJSDomain,
		Routes: f.routes, Logger: log.With("component", "nats")}
	if f.leafListen != "" {
		if cfg.LeafHost, cfg.LeafPort, err = splitHostPort(f.leafListen, "--nats-leaf-listen"); err != nil {
			return nil, err
		}
	}
	if len(f.leafRemotes) > 0 && f.natsJSDomain == "" {
		// A leaf without a domain of its own uses the hub's JetStream (--js-domain).
		cfg.JetStream = false
	}
	if port == 0 {
		cfg.Port = natsd.RandomPort
	}
	if f.clusterListen != "" {
		if cfg.ClusterHost, cfg.ClusterPort, err = splitHostPort(f.clusterListen, "--nats-cluster-listen"); err != nil {
			return nil, err
		}
		cfg.ServerName = strings.NewReplacer(":", "_", ".", "_").Replace(listen)
	}
	for _, r := range f.leafRemotes {
		cfg.LeafRemotes = append(cfg.LeafRemotes, natsd.LeafRemote{URL: r, CredentialsFile: f.leafCreds})
	}
	srv, err := natsd.Start(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("start the embedded NATS server: %w", err)
	}
	return srv, nil
}

func splitHostPort(addr, flag string) (string, int, error) {
	h, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("%s %q: want HOST:PORT: %w", flag, addr, err)
	}
	var port int
	if _, err := fmt.Sscan(p, &port); err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("%s %q: port must be 0–65535", flag, addr)
	}
	return h, port, nil
}

// reachable reports whether something accepts TCP connections at addr.
func reachable(addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, 300*time.Millisecond)
	if err != nil {
		return false
	}
	_ = conn.Close()
	return true
}

// loadOrCreateClusterKey returns the lattice's cluster key from the keys directory, creating
// it on first use, so that hosts and tools on this machine sign with the same key.
func loadOrCreateClusterKey(lattice string) (*claims.KeyPair, error) {
	dir, err := keysDir()
	if err != nil {
		return nil, err
	}
	kp, _, _, err := loadOrCreateKey(dir, lattice, claims.PrefixCluster)
	return kp, err
}

// version is reported by hosts in heartbeats and ping replies.
const version = "0.1.0-dev"

// withEnvLabels adds the HOST_* environment labels to the flag labels; flags win.
func withEnvLabels(flagLabels map[string]string) map[string]string {
	labels := host.EnvLabels(os.Environ())
	maps.Copy(labels, flagLabels)
	return labels
}
