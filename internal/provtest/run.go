package provtest

import (
	"context"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/provider"
)

// Run runs p with provider.Run on nc until t ends, then stops it and fails t if Run returned
// an error. It returns at once; callers wait for the links or RPC subject they need.
func Run(t testing.TB, nc *nats.Conn, hd *provider.HostData, p provider.Provider) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- provider.Run(ctx, nc, hd, p, nil) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
}
