package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/ctltest"
)

func TestEvents(t *testing.T) {
	fixed := func(e ctl.Event) ctl.Event {
		e.ID, e.Time = "0b6a3f4e-1d2c-4b5a-8e9f-7a6b5c4d3e2f", "2024-05-01T12:00:00.123456Z"
		return e
	}
	started, _ := ctl.NewEvent(ctl.EventActorsStarted, ctltest.Host1, ctl.ActorsStarted{PublicKey: ctltest.Echo,
		ImageRef: "ghcr.io/acme/echo:0.1.0", HostID: ctltest.Host1, Count: 2, CorrelationID: "c-1"})
	invoked, _ := ctl.NewEvent(ctl.EventInvocationSucceeded, ctltest.Host1, ctl.InvocationEvent{
		Source: ctl.InvocationEntity{PublicKey: ctltest.HTTP, ContractID: "wasmcloud:httpserver", LinkName: "default"},
		Dest:   ctl.InvocationEntity{PublicKey: ctltest.Echo}, Operation: "HttpServer.HandleRequest", Bytes: 42})
	started, invoked = fixed(started), fixed(invoked)

	tests := []struct {
		golden string
		args   []string
	}{
		{"events.txt", []string{"events", "--rpc"}},
		{"events.jsonl", []string{"events", "--rpc", "-o", "json"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			s := startLattice(t)
			nc := ctltest.Connect(t, s)
			topics := ctl.Topics{Lattice: ctl.DefaultLattice}
			base := s.NumSubscriptions()

			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var out, errOut syncBuffer
			done := make(chan int)
			go func() { done <- run(ctx, tt.args, strings.NewReader(""), &out, &errOut) }()
			ctltest.WaitFor(t, 10*time.Second, "the events subscriptions", func() bool { return s.NumSubscriptions() >= base+2 })

			for _, p := range []struct {
				subject string
				e       ctl.Event
			}{{topics.Events(), started}, {topics.RPCEvents(), invoked}} {
				if err := ctl.PublishEvent(nc, p.subject, p.e); err != nil {
					t.Fatal(err)
				}
				ctltest.WaitFor(t, 10*time.Second, "event "+p.e.Name(), func() bool { return strings.Contains(out.String(), p.e.Name()) })
			}
			cancel()
			if code := <-done; code != 0 {
				t.Fatalf("exit %d, stderr %q", code, errOut.String())
			}
			golden(t, tt.golden, out.String())
			if strings.HasSuffix(tt.golden, ".jsonl") {
				for line := range strings.Lines(out.String()) {
					var e ctl.Event
					if err := json.Unmarshal([]byte(line), &e); err != nil || e.Type == "" {
						t.Errorf("line %q is not an event: %v", line, err)
					}
				}
			}
		})
	}
}
