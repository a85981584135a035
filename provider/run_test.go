package provider

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/core"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/lattice"
)

func TestInvocations(t *testing.T) {
	s := startNATS(t)
	nc := connect(t, s)
	lat := latticeName(t)
	if err := openStore(t, nc, lat).PutLink(t.Context(), link(actorPK, map[string]string{"k": "v1"})); err != nil {
		t.Fatal(err)
	}
	hd := newHostData(t, lat)
	p := &fakeProvider{}
	startRun(t, nc, hd, p)

	out, err := invoke(t, nc, hd, clusterSeed, actorPK, "Test.Echo", []byte("hi"))
	if err != nil || string(out) != "MAQK Test.Echo v1 hi" {
		t.Fatalf("linked actor: got %q, %v", out, err)
	}

	_, err = invoke(t, nc, hd, clusterSeed, actorPK, "Test.Fail", nil)
	var remote *lattice.RemoteError
	if !errors.As(err, &remote) || remote.Message != "asked to fail" {
		t.Errorf("failing handler: got %v, want remote error %q", err, "asked to fail")
	}

	_, err = invoke(t, nc, hd, clusterSeed, otherActorPK, "Test.Echo", nil)
	want := "actor " + otherActorPK + " has no link to provider " + providerPK + " (link default)"
	if !errors.As(err, &remote) || remote.Message != want {
		t.Errorf("unlinked actor: got %v, want remote error %q", err, want)
	}

	_, err = invoke(t, nc, hd, otherClusterSeed, actorPK, "Test.Echo", nil)
	if !errors.As(err, &remote) || !strings.Contains(remote.Message, lattice.ErrUntrustedIssuer.Error()) {
		t.Errorf("forged invocation: got %v, want %v", err, lattice.ErrUntrustedIssuer)
	}
}

func TestLinks(t *testing.T) {
	s := startNATS(t)
	nc := connect(t, s)
	lat := latticeName(t)
	store := openStore(t, nc, lat)
	early := link(actorPK, map[string]string{"k": "early"})
	if err := store.PutLink(t.Context(), early); err != nil {
		t.Fatal(err)
	}
	other := early
	other.ProviderID = "VOTHER"
	other.ContractID = "trellis:other"
	if err := store.PutLink(t.Context(), other); err != nil {
		t.Fatal(err)
	}
	hd := newHostData(t, lat)
	hd.LinkDefinitions = []ctl.LinkDefinition{early} // also in host data: still one put
	p := &fakeProvider{}
	startRun(t, nc, hd, p)
	subject := lattice.ProviderSubject(lat, providerPK, "default")
	publish := func(suffix string, ld ctl.LinkDefinition) {
		t.Helper()
		if err := nc.Publish(subject+".linkdefs."+suffix, AppendLink(nil, ld)); err != nil {
			t.Fatal(err)
		}
	}
	// barrier publishes a put of a fresh link and waits for it, so that every change sent on
	// the linkdefs subjects before it has been applied.
	barriers := 0
	barrier := func() {
		t.Helper()
		barriers++
		actor := []string{"MBARRIER1", "MBARRIER2", "MBARRIER3", "MBARRIER4"}[barriers-1]
		publish("put", link(actor, map[string]string{"k": "b"}))
		eventually(t, "barrier link", func() bool { return p.putCount(actor, "b") == 1 })
	}

	if n := p.putCount(actorPK, "early"); n != 1 {
		t.Errorf("link in the bucket and host data before start: %d PutLink calls, want 1", n)
	}
	publish("put", early) // the host's fire-and-forget put of a link already active
	barrier()

	late := link(otherActorPK, map[string]string{"k": "late"})
	if err := store.PutLink(t.Context(), late); err != nil {
		t.Fatal(err)
	}
	eventually(t, "late link from the bucket", func() bool { return p.putCount(otherActorPK, "late") == 1 })
	publish("put", late)
	barrier()
	if n := p.putCount(otherActorPK, "late"); n != 1 {
		t.Errorf("late link put in the bucket and published: %d PutLink calls, want 1", n)
	}

	changed := link(actorPK, map[string]string{"k": "changed"})
	if err := store.PutLink(t.Context(), changed); err != nil {
		t.Fatal(err)
	}
	eventually(t, "changed values", func() bool { return p.putCount(actorPK, "changed") == 1 })
	out, err := invoke(t, nc, hd, clusterSeed, actorPK, "Test.Echo", nil)
	if err != nil || string(out) != "MAQK Test.Echo changed " {
		t.Errorf("after the change the handler got %q, %v; want the new values", out, err)
	}

	if err := store.DeleteLink(t.Context(), otherActorPK, testContract, "default"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "DeleteLink", func() bool { _, dels, _ := p.counts(); return dels == 1 })
	publish("del", late)
	barrier()
	if _, dels, _ := p.counts(); dels != 1 {
		t.Errorf("link deleted in the bucket and published: %d DeleteLink calls, want 1", dels)
	}
	if _, err := invoke(t, nc, hd, clusterSeed, otherActorPK, "Test.Echo", nil); err == nil || !strings.Contains(err.Error(), "has no link") {
		t.Errorf("deleted link still active: %v", err)
	}
	if puts, _, _ := p.counts(); puts != 3+barriers {
		t.Errorf("%d PutLink calls in all, want %d (another provider's link must be ignored)", puts, 3+barriers)
	}
}

func TestHealth(t *testing.T) {
	s := startNATS(t)
	nc := connect(t, s)
	hd := newHostData(t, latticeName(t))
	p := &fakeProvider{}
	startRun(t, nc, hd, p)
	check := func() core.HealthCheckResponse {
		t.Helper()
		req := (&core.HealthCheckRequest{}).AppendMsg(nil)
		m, err := nc.Request(lattice.ProviderSubject(hd.LatticeRPCPrefix, providerPK, "default")+".health", req, 2*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		var resp core.HealthCheckResponse
		if err := resp.UnmarshalMsg(m.Data); err != nil {
			t.Fatal(err)
		}
		return resp
	}
	if r := check(); !r.Healthy || r.Message != nil {
		t.Errorf("healthy provider: got %+v", r)
	}
	p.mu.Lock()
	p.healthErr = errors.New("backend 127.0.0.1:6379 is down")
	p.mu.Unlock()
	if r := check(); r.Healthy || r.Message == nil || *r.Message != "backend 127.0.0.1:6379 is down" {
		t.Errorf("unhealthy provider: got %+v", r)
	}
}

func TestShutdown(t *testing.T) {
	s := startNATS(t)
	nc := connect(t, s)
	hd := newHostData(t, latticeName(t))
	p := &fakeProvider{}
	done := startRun(t, nc, hd, p)
	m, err := nc.Request(lattice.ProviderSubject(hd.LatticeRPCPrefix, providerPK, "default")+".shutdown", []byte(`{"host_id":"`+hostPK+`"}`), 2*time.Second)
	if err != nil || string(m.Data) != ShutdownReply {
		t.Fatalf("shutdown reply: %v, %v", m, err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after shutdown: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after shutdown")
	}
	if _, _, n := p.counts(); n != 1 {
		t.Errorf("Shutdown called %d times, want 1", n)
	}
	_, err = invoke(t, nc, hd, clusterSeed, actorPK, "Test.Echo", nil)
	if !errors.Is(err, lattice.ErrNoResponders) {
		t.Errorf("invocation after shutdown: %v, want %v", err, lattice.ErrNoResponders)
	}
}

func TestCallActor(t *testing.T) {
	s := startNATS(t)
	nc := connect(t, s)
	hd := newHostData(t, latticeName(t))
	p := &fakeProvider{}
	startRun(t, nc, hd, p)

	origins := make(chan lattice.Entity, 1)
	actor := &lattice.Responder{
		Self:      lattice.ActorEntity(actorPK),
		Validator: &lattice.Validator{ClusterIssuers: hd.ClusterIssuers},
		Handler: func(_ context.Context, inv *lattice.Invocation, msg []byte) ([]byte, error) {
			origins <- inv.Origin
			return append([]byte("actor got "), msg...), nil
		},
	}
	sub, err := lattice.Serve(t.Context(), nc, lattice.ActorSubject(hd.LatticeRPCPrefix, actorPK), "", actor)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Stop()

	p.mu.Lock()
	conn := p.conn
	p.mu.Unlock()
	out, err := conn.CallActor(t.Context(), actorPK, link(actorPK, nil), "Test.Notify", []byte("ping"))
	if err != nil || string(out) != "actor got ping" {
		t.Fatalf("CallActor: %q, %v", out, err)
	}
	if got, want := <-origins, lattice.ProviderEntity(providerPK, testContract, "default"); got != want {
		t.Errorf("origin %+v, want %+v", got, want)
	}
	if _, err := conn.CallActor(t.Context(), otherActorPK, ctl.LinkDefinition{}, "Test.Notify", nil); !errors.Is(err, lattice.ErrNoResponders) {
		t.Errorf("call to an actor nobody runs: %v, want %v", err, lattice.ErrNoResponders)
	}
}

func TestRunRefusesBadInput(t *testing.T) {
	s := startNATS(t)
	nc := connect(t, s)
	hd := newHostData(t, latticeName(t))
	hd.InvocationSeed = "SXAbad"
	err := Run(t.Context(), nc, hd, &fakeProvider{}, nil)
	if !errors.Is(err, ErrInvalidHostData) || !strings.Contains(err.Error(), "invocation_seed") {
		t.Errorf("bad seed: %v", err)
	}
	if err := Run(t.Context(), nil, newHostData(t, "x"), &fakeProvider{}, nil); err == nil {
		t.Error("nil connection accepted")
	}
}
