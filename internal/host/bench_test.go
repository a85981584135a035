package host

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// benchHosts starts n hosts in a fresh lattice.
func benchHosts(b *testing.B, n int) []*Host {
	l := newTestLattice(b)
	hosts := make([]*Host, n)
	for i := range hosts {
		hosts[i] = l.host(nil)
	}
	return hosts
}

// BenchmarkRawNATSRequest is the baseline: request/reply of a 1-byte payload over loopback TCP
// through the same embedded server the hosts use.
func BenchmarkRawNATSRequest(b *testing.B) {
	l := newTestLattice(b)
	responder, requester := l.conn(), l.conn()
	sub, err := responder.Subscribe("bench.echo", func(m *nats.Msg) { _ = m.Respond(m.Data) })
	if err != nil {
		b.Fatal(err)
	}
	defer sub.Unsubscribe()
	_ = responder.Flush()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := requester.Request("bench.echo", []byte{1}, 2*time.Second); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLocalDispatch: Host.Call of ponger running on the same host (in-process dispatch).
func BenchmarkLocalDispatch(b *testing.B) {
	h := benchHosts(b, 1)[0]
	if err := h.StartActor(context.Background(), actorRefs["ponger"], 1, nil, ""); err != nil {
		b.Fatal(err)
	}
	benchCall(b, h)
}

// BenchmarkRoutedInvocation: host A calls ponger on host B over NATS (signed, validated).
func BenchmarkRoutedInvocation(b *testing.B) {
	hosts := benchHosts(b, 2)
	if err := hosts[1].StartActor(context.Background(), actorRefs["ponger"], 1, nil, ""); err != nil {
		b.Fatal(err)
	}
	benchCall(b, hosts[0])
}

func benchCall(b *testing.B, h *Host) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		out, err := h.Call(ctx, actorKeys["ponger"], "Pingpong.Ping", nil)
		if err != nil || string(out) != "\xa4pong" {
			b.Fatalf("ping = %q, %v", out, err)
		}
	}
}
