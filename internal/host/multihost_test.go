package host

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/lattice"
)

// TestCallsSpreadOverHosts runs echo on two hosts and calls it from a third: both serve.
func TestCallsSpreadOverHosts(t *testing.T) {
	l := newTestLattice(t)
	a, b, caller := l.host(nil), l.host(nil), l.host(nil)
	evs := l.events(lattice.RPCEventSubject(l.name))
	for _, h := range []*Host{a, b} {
		if err := h.StartActor(t.Context(), actorRefs["echo"], 2, nil, ""); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 60; i++ {
		out, err := caller.Call(t.Context(), actorKeys["echo"], httpserver.OpHandleRequest, httpReq("/spread"))
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		if r := decodeHTTP(t, out); r.StatusCode != 200 || !strings.Contains(string(r.Body), `"/spread"`) {
			t.Fatalf("call %d: %d %s", i, r.StatusCode, r.Body)
		}
	}
	servedBy := func(h *Host) func() bool {
		return func() bool {
			return evs.count(func(e ctl.Event) bool {
				return e.Source == h.ID() && e.Name() == "invocation_succeeded"
			}) > 5
		}
	}
	eventually(t, "host A to serve calls", servedBy(a))
	eventually(t, "host B to serve calls", servedBy(b))
}

// TestPingerCallsPongerOnAnotherHost resolves the call alias through the lattice claims.
func TestPingerCallsPongerOnAnotherHost(t *testing.T) {
	l := newTestLattice(t)
	a, b := l.host(nil), l.host(nil)
	if err := b.StartActor(t.Context(), actorRefs["ponger"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	if err := a.StartActor(t.Context(), actorRefs["pinger"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	eventually(t, "host A to learn the alias", func() bool {
		_, ok := a.store.ResolveAlias("examples/ponger")
		return ok
	})
	out, err := a.Call(t.Context(), actorKeys["pinger"], httpserver.OpHandleRequest, httpReq("/"))
	if err != nil {
		t.Fatal(err)
	}
	if r := decodeHTTP(t, out); r.StatusCode != 200 || string(r.Body) != "Ping pong" {
		t.Fatalf("pinger = %d %q", r.StatusCode, r.Body)
	}
}

// TestLateJoinerSeesLinksAndClaims starts a host after links and claims were written.
func TestLateJoinerSeesLinksAndClaims(t *testing.T) {
	l := newTestLattice(t)
	first := l.host(nil)
	if err := first.StartActor(t.Context(), actorRefs["echo"], 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	c := l.client()
	link := ctl.LinkDefinition{ActorID: actorKeys["echo"], ProviderID: "VAHNM37G4ARHZ3CYHB3L34M6TYQWQR6IZ4QVYC4NYZWTJCJ2LWP7S6Z2", ContractID: "wasmcloud:keyvalue", LinkName: "default", Values: map[string]string{"URL": "redis://127.0.0.1:6379"}}
	if _, err := c.PutLink(t.Context(), ctl.PutLinkCommand{LinkDefinition: link}); err != nil {
		t.Fatal(err)
	}
	late := l.host(nil)
	got, ok := late.store.Link(link.ActorID, link.ContractID, link.LinkName)
	if !ok || got.Values["URL"] != "redis://127.0.0.1:6379" || got.ProviderID != link.ProviderID {
		t.Fatalf("late host sees link %+v, %v", got, ok)
	}
	if _, ok := late.store.Claims(actorKeys["echo"]); !ok {
		t.Fatal("late host does not see the echo claims")
	}
}

// TestHostKilledUnderLoad cuts one of two hosts off NATS without goodbye while calls run.
func TestHostKilledUnderLoad(t *testing.T) {
	l := newTestLattice(t)
	a, b, caller := l.host(nil), l.host(nil), l.host(nil)
	for _, h := range []*Host{a, b} {
		if err := h.StartActor(t.Context(), actorRefs["echo"], 4, nil, ""); err != nil {
			t.Fatal(err)
		}
	}
	ld := startLoad(caller, 4, "/load")
	eventually(t, "load to run", func() bool { return ld.ok.Load() > 50 })
	a.nc.Close() // like kill -9: no unsubscribe, no goodbye
	before := ld.ok.Load()
	eventually(t, "calls to keep succeeding on host B", func() bool { return ld.ok.Load() > before+200 })
	window := ld.stop()
	t.Logf("kill under load: %d calls succeeded, %d failed, error window %s", ld.ok.Load(), ld.failed.Load(), window)
	if ld.failed.Load() > 8 {
		t.Errorf("%d calls failed after the kill; want at most the few in flight on the dead host", ld.failed.Load())
	}
}

// TestLiveUpdateUnderLoad updates echo to revision 2 while calls run: none fails.
func TestLiveUpdateUnderLoad(t *testing.T) {
	l := newTestLattice(t)
	h := l.host(nil)
	if err := h.StartActor(t.Context(), actorRefs["echo"], 3, nil, ""); err != nil {
		t.Fatal(err)
	}
	var ok, failed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := h.Call(context.Background(), actorKeys["echo"], httpserver.OpHandleRequest, httpReq("/u")); err != nil {
					failed.Add(1)
					t.Errorf("call during update: %v", err)
					return
				}
				ok.Add(1)
			}
		}()
	}
	eventually(t, "load to run", func() bool { return ok.Load() > 20 })
	if err := h.UpdateActor(t.Context(), actorKeys["echo"], revision(t, "echo", 2), "corr-1"); err != nil {
		t.Fatal(err)
	}
	before := ok.Load()
	eventually(t, "calls on the new revision", func() bool { return ok.Load() > before+20 })
	close(stop)
	wg.Wait()
	if rev := h.actors.get(actorKeys["echo"]).current.Load().Identity().Revision; rev != 2 {
		t.Fatalf("running revision %d, want 2", rev)
	}
	if err := h.UpdateActor(t.Context(), actorKeys["echo"], revision(t, "echo", 2), ""); err == nil || !strings.Contains(err.Error(), "not greater than the running revision 2") {
		t.Fatalf("same-revision update: err = %v", err)
	}
}

// TestControlInterface drives a host through the ctl client, including bad requests.
func TestControlInterface(t *testing.T) {
	l := newTestLattice(t)
	h := l.host(map[string]string{"zone": "a"})
	c := l.client()
	evs := l.events(lattice.EventSubject(l.name))

	hosts, err := c.Hosts(t.Context())
	if err != nil || len(hosts) != 1 || hosts[0].ID != h.ID() || hosts[0].Labels["zone"] != "a" || hosts[0].Labels["hostcore.os"] == "" {
		t.Fatalf("hosts = %+v, %v", hosts, err)
	}
	bids, err := c.ActorAuction(t.Context(), ctl.ActorAuctionRequest{ActorRef: actorRefs["echo"], Constraints: map[string]string{"zone": "a"}})
	if err != nil || len(bids) != 1 || bids[0].HostID != h.ID() {
		t.Fatalf("auction = %+v, %v", bids, err)
	}
	if bids, _ := c.ActorAuction(t.Context(), ctl.ActorAuctionRequest{ActorRef: actorRefs["echo"], Constraints: map[string]string{"zone": "b"}}); len(bids) != 0 {
		t.Fatalf("auction for zone=b = %+v, want none", bids)
	}

	ack, err := c.StartActor(t.Context(), h.ID(), ctl.StartActorCommand{ActorRef: actorRefs["echo"], Count: 2, CorrelationID: "corr-start"})
	if err != nil || !ack.Accepted || ack.CorrelationID != "corr-start" {
		t.Fatalf("start ack %+v, %v", ack, err)
	}
	eventually(t, "actors_started with the correlation id", func() bool {
		return evs.count(func(e ctl.Event) bool { return e.Name() == "actors_started" && e.CorrelationID() == "corr-start" }) == 1
	})
	inv, err := c.Inventory(t.Context(), h.ID())
	if err != nil || len(inv.Actors) != 1 || len(inv.Actors[0].Instances) != 2 || inv.Actors[0].Name != "echo" {
		t.Fatalf("inventory %+v, %v", inv, err)
	}
	if _, err := c.ScaleActor(t.Context(), h.ID(), ctl.ScaleActorCommand{ActorID: actorKeys["echo"], ActorRef: actorRefs["echo"], Count: 5}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "scale to 5", func() bool { e := h.actors.get(actorKeys["echo"]); return e != nil && e.count() == 5 })
	if _, err := c.PutLabel(t.Context(), h.ID(), ctl.LabelCommand{Key: "tier", Value: "gold"}); err != nil || h.Labels()["tier"] != "gold" {
		t.Fatalf("label put: %v, labels %v", err, h.Labels())
	}
	if _, err := c.PutLabel(t.Context(), h.ID(), ctl.LabelCommand{Key: "hostcore.os", Value: "plan9"}); err == nil {
		t.Fatal("changing a hostcore label was accepted")
	}
	if _, err := c.StopActor(t.Context(), h.ID(), ctl.StopActorCommand{ActorRef: actorKeys["echo"], Count: 0}); err != nil {
		t.Fatal(err)
	}
	if h.actors.get(actorKeys["echo"]) != nil {
		t.Fatal("echo still running after stop")
	}

	// Bad requests get a failure ack with a precise message.
	bad := []struct {
		subject, body, want string
	}{
		{l.client().Topics().StartActor(h.ID()), `{"actor_ref":`, "malformed launch actor request"},
		{l.client().Topics().StartActor(h.ID()), `{"count":1}`, "actor_ref is required"},
		{l.client().Topics().StartActor(h.ID()), `{"actor_ref":"x","host_id":"NOTME"}`, "Command received by incorrect host"},
		{l.client().Topics().StopActor(h.ID()), `{"actor_ref":"MNOTRUNNING","count":0}`, "not running"},
		{l.client().Topics().UpdateActor(h.ID()), `{"new_actor_ref":"file:///nope.wasm","actor_id":"MNOTRUNNING"}`, "Unable to perform live update"},
		{l.client().Topics().PutLink(), `{"actor_id":"M1"}`, "are required"},
	}
	nc := l.conn()
	for _, tt := range bad {
		msg, err := nc.Request(tt.subject, []byte(tt.body), 3*time.Second)
		if err != nil {
			t.Fatalf("%s: %v", tt.subject, err)
		}
		if !strings.Contains(string(msg.Data), `"accepted":false`) || !strings.Contains(string(msg.Data), tt.want) {
			t.Errorf("%s %s: reply %s, want a failure ack containing %q", tt.subject, tt.body, msg.Data, tt.want)
		}
	}
	// A failed start reports why through events.
	if _, err := c.StartActor(t.Context(), h.ID(), ctl.StartActorCommand{ActorRef: "file:///does/not/exist.wasm", CorrelationID: "corr-bad"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "actor_start_failed", func() bool {
		return evs.count(func(e ctl.Event) bool { return e.Name() == "actor_start_failed" && e.CorrelationID() == "corr-bad" }) == 1
	})
	if _, err := c.StopHost(t.Context(), h.ID(), ctl.StopHostCommand{}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-h.StopRequested():
	case <-time.After(5 * time.Second):
		t.Fatal("stop host command did not reach the host")
	}
}
