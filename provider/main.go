package provider

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/nats-io/nats.go"
)

// DefaultRPCURL is the NATS address used when HostData.LatticeRPCURL is empty.
const DefaultRPCURL = "127.0.0.1:4222"

// Main runs p as a child process of a host and exits: it reads HostData from stdin, logs to
// stdout (which the host records) at HostData.LogLevel, in JSON with StructuredLogging, connects
// to HostData.LatticeRPCURL and calls Run until a shutdown request, SIGTERM, SIGINT or the end of
// stdin (hosts keep it open while they run, so a provider whose host died without stopping it
// stops too). It exits 0 after a clean stop and 1 after an error. Call it from a provider's main
// function.
func Main(p Provider) {
	os.Exit(runMain(context.Background(), os.Stdin, os.Stdout, p))
}

// runMain is Main without the process: it returns the exit code.
func runMain(ctx context.Context, stdin io.Reader, stdout io.Writer, p Provider) int {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt)
	defer stop()
	hd, err := ReadHostData(stdin)
	if err != nil {
		fmt.Fprintln(stdout, "provider:", err)
		return 1
	}
	logger := newLogger(stdout, hd)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		// The rest of stdin is unused; its end means the host is gone.
		_, _ = io.Copy(io.Discard, stdin)
		logger.Info("stdin closed: the host is gone, stopping")
		cancel()
	}()
	nc, err := Dial(hd, nats.Name("trellis provider "+hd.ProviderKey+" "+hd.LinkName))
	if err != nil {
		logger.Error("cannot connect to the lattice", "err", err)
		return 1
	}
	defer nc.Close()
	if err := Run(ctx, nc, hd, p, logger); err != nil {
		logger.Error("provider failed", "err", err)
		return 1
	}
	return 0
}

// Dial connects to the lattice NATS server of hd (LatticeRPCURL, DefaultRPCURL when empty), with
// hd's user JWT and seed when both are set. opts are added last.
func Dial(hd *HostData, opts ...nats.Option) (*nats.Conn, error) {
	url := hd.LatticeRPCURL
	if url == "" {
		url = DefaultRPCURL
	}
	if !strings.Contains(url, "://") {
		url = "nats://" + url
	}
	if hd.LatticeRPCUserJWT != "" && hd.LatticeRPCUserSeed != "" {
		opts = append([]nats.Option{nats.UserJWTAndSeed(hd.LatticeRPCUserJWT, hd.LatticeRPCUserSeed)}, opts...)
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to lattice %s at %s: %w", hd.LatticeRPCPrefix, url, err)
	}
	return nc, nil
}

// newLogger returns the logger HostData asks for, writing to w.
func newLogger(w io.Writer, hd *HostData) *slog.Logger {
	level := slog.LevelInfo
	switch strings.ToLower(hd.LogLevel) {
	case "debug", "trace":
		level = slog.LevelDebug
	case "warn", "warning":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	opts := &slog.HandlerOptions{Level: level}
	if hd.StructuredLogging {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
