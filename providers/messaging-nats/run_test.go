package messagingnats

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/contract/messaging"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/internal/provtest"
	"github.com/trellis-lattice/trellis/provider"
)

const (
	clusterSeed = "SCAOEZTA7LSDYEGNBZBNXWE2BYKVJPYJWDLIPCBUTIV5PN4BF6T7MQ2FA4"
	hostPK      = "NCOV3RHIMC6BV7DRFBOWY4O3XFKIEOAU7ALSCSPUDSTHD3EAUHYNNXUH"
	providerPK  = "VDSGBCZNBGC4WCYKI6GJ6TOT6Z274CVDS2VQCQCN6QOWG5NP3EZBWVCT"
)

type delivery struct {
	actor string
	msg   messaging.SubMessage
}

// running serves a New provider with provider.Run on a fresh server, with links lds (their
// provider and link name set to the run's), and a fake actor for each linked actor that sends
// what it receives to the returned channel.
func running(t *testing.T, lds ...ctl.LinkDefinition) (*Provider, *nats.Conn, *provider.HostData, <-chan delivery) {
	t.Helper()
	nc := connect(t, startNATS(t))
	cluster, err := claims.ParseSeed(clusterSeed)
	if err != nil {
		t.Fatal(err)
	}
	for i := range lds {
		lds[i].ProviderID = providerPK
	}
	hd := &provider.HostData{
		HostID: hostPK, LatticeRPCPrefix: "msgrun", LinkName: "default", ProviderKey: providerPK,
		ClusterIssuers: []string{cluster.PublicKey()}, InvocationSeed: clusterSeed,
		DefaultRPCTimeoutMS: 5000, InstanceID: "9a1c1f7e-0000-4000-8000-000000000003",
		LinkDefinitions: lds,
	}
	got := make(chan delivery, 1000)
	for _, ld := range lds {
		actor := ld.ActorID
		r := &lattice.Responder{
			Self:      lattice.ActorEntity(actor),
			Validator: &lattice.Validator{ClusterIssuers: hd.ClusterIssuers},
			Handler: func(_ context.Context, inv *lattice.Invocation, msg []byte) ([]byte, error) {
				if inv.Operation != messaging.OpHandleMessage {
					return nil, fmt.Errorf("unexpected %s", inv.Operation)
				}
				var m messaging.SubMessage
				if err := m.UnmarshalMsg(msg); err != nil {
					return nil, err
				}
				got <- delivery{actor, m}
				return nil, nil
			},
		}
		sub, err := lattice.Serve(t.Context(), nc, lattice.ActorSubject(hd.LatticeRPCPrefix, actor), "", r)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(sub.Stop)
	}
	p := New(nil)
	provtest.Run(t, nc, hd, p)
	for _, ld := range lds {
		waitLink(t, p, ld.ActorID, true)
	}
	return p, nc, hd, got
}

// waitLink waits until actor's link is active (or gone, with want false).
func waitLink(t *testing.T, p *Provider, actor string, want bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		_, ok := p.links.Get(actor)
		if ok == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("link of %s active: %v, want %v", actor, ok, want)
		}
	}
}

func receive(t *testing.T, got <-chan delivery) delivery {
	t.Helper()
	select {
	case d := <-got:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("no delivery")
		return delivery{}
	}
}

// quiet fails if anything is delivered within a short while.
func quiet(t *testing.T, nc *nats.Conn, got <-chan delivery) {
	t.Helper()
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	select {
	case d := <-got:
		t.Fatalf("unexpected delivery to %s: %s %q", d.actor, d.msg.Subject, d.msg.Body)
	case <-time.After(300 * time.Millisecond):
	}
}

// TestSubscription delivers a message once, stops after DeleteLink, and follows a changed link.
func TestSubscription(t *testing.T) {
	t.Parallel()
	ld := link(actorPK, map[string]string{"subscription": "events.*, other"})
	p, nc, hd, got := running(t, ld)

	if err := nc.PublishRequest("events.a", "_INBOX.x", []byte("hi")); err != nil {
		t.Fatal(err)
	}
	d := receive(t, got)
	if d.actor != actorPK || d.msg.Subject != "events.a" || string(d.msg.Body) != "hi" || d.msg.ReplyTo == nil || *d.msg.ReplyTo != "_INBOX.x" {
		t.Errorf("delivery %+v", d)
	}
	if err := nc.Publish("other", []byte("2")); err != nil {
		t.Fatal(err)
	}
	if d := receive(t, got); d.msg.Subject != "other" || d.msg.ReplyTo != nil {
		t.Errorf("delivery %+v", d)
	}
	quiet(t, nc, got)
	if s := p.Stats(); s.Delivered != 2 || s.Failed != 0 {
		t.Errorf("stats %+v", s)
	}

	// The actor publishes through the provider as an invocation.
	signer, err := lattice.NewSigner(lattice.SignerConfig{Cluster: mustSeed(t), HostID: hostPK})
	if err != nil {
		t.Fatal(err)
	}
	client, err := lattice.NewClient(lattice.ClientConfig{Conn: nc})
	if err != nil {
		t.Fatal(err)
	}
	target := lattice.ProviderEntity(providerPK, messaging.ContractID, "default")
	inv, err := signer.NewInvocation(lattice.ActorEntity(actorPK), target, messaging.OpPublish,
		(&messaging.PubMessage{Subject: "events.self", Body: []byte("loop")}).AppendMsg(nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := client.Invoke(t.Context(), inv, target.Subject(hd.LatticeRPCPrefix)); err != nil {
		t.Fatal(err)
	}
	if d := receive(t, got); d.msg.Subject != "events.self" || string(d.msg.Body) != "loop" {
		t.Errorf("delivery %+v", d)
	}

	// A changed link subscribes to its new subjects only.
	base := lattice.ProviderSubject(hd.LatticeRPCPrefix, providerPK, "default")
	changed := ld
	changed.ProviderID = providerPK
	changed.Values = map[string]string{"SUBSCRIPTION": "changed"}
	if err := nc.Publish(base+".linkdefs.put", provider.AppendLink(nil, changed)); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		l, _ := p.links.Get(actorPK)
		if l != nil && l.ld.Values["SUBSCRIPTION"] == "changed" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("changed link not applied")
		}
	}
	for _, s := range []string{"events.a", "changed"} {
		if err := nc.Publish(s, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	if d := receive(t, got); d.msg.Subject != "changed" {
		t.Errorf("after change: %+v", d)
	}
	quiet(t, nc, got)

	// DeleteLink stops delivery.
	if err := nc.Publish(base+".linkdefs.del", provider.AppendLink(nil, changed)); err != nil {
		t.Fatal(err)
	}
	waitLink(t, p, actorPK, false)
	if err := nc.Publish("changed", []byte("late")); err != nil {
		t.Fatal(err)
	}
	quiet(t, nc, got)
}

// TestQueueGroup links two actors in one queue group: each message reaches exactly one.
func TestQueueGroup(t *testing.T) {
	t.Parallel()
	values := map[string]string{"SUBSCRIPTION": "jobs|workers"}
	p, nc, _, got := running(t, link(actorPK, values), link(actor2PK, values))
	const n = 60
	for i := range n {
		if err := nc.Publish("jobs", fmt.Appendf(nil, "job %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	per := map[string]int{}
	for range n {
		d := receive(t, got)
		if seen[string(d.msg.Body)] {
			t.Errorf("%s delivered twice", d.msg.Body)
		}
		seen[string(d.msg.Body)] = true
		per[d.actor]++
	}
	quiet(t, nc, got)
	if len(seen) != n || per[actorPK] == 0 || per[actor2PK] == 0 {
		t.Errorf("%d distinct of %d, per actor %v", len(seen), n, per)
	}
	if s := p.Stats(); s.Delivered != n || s.Failed != 0 {
		t.Errorf("stats %+v", s)
	}
	if err := p.Health(t.Context()); err != nil {
		t.Error(err)
	}
}

// TestDeliveryFailure counts a delivery to an actor that does not run.
func TestDeliveryFailure(t *testing.T) {
	t.Parallel()
	p, nc, hd, _ := running(t)
	ld := link(actor2PK, map[string]string{"SUBSCRIPTION": "lost"})
	ld.ProviderID = providerPK
	base := lattice.ProviderSubject(hd.LatticeRPCPrefix, providerPK, "default")
	// Run subscribes its linkdefs subjects in the background: publish until the link is active.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if err := nc.Publish(base+".linkdefs.put", provider.AppendLink(nil, ld)); err != nil {
			t.Fatal(err)
		}
		_, ok := p.links.Get(ld.ActorID)
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("link not applied")
		}
	}
	if err := nc.Publish("lost", []byte("x")); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); p.Stats().Failed != 1; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("stats %+v", p.Stats())
		}
	}
}

func mustSeed(t *testing.T) *claims.KeyPair {
	t.Helper()
	kp, err := claims.ParseSeed(clusterSeed)
	if err != nil {
		t.Fatal(err)
	}
	return kp
}
