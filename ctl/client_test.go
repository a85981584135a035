package ctl_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/ctltest"
)

// lattice starts a NATS server and the given fake hosts and returns a client whose timeout is
// timeout.
func lattice(t *testing.T, timeout time.Duration, hosts ...*ctltest.FakeHost) *ctl.Client {
	t.Helper()
	s := ctltest.StartServer(t)
	for _, h := range hosts {
		h.Start(t, ctltest.Connect(t, s))
	}
	c, err := ctl.NewClient(ctltest.Connect(t, s), ctl.Options{Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func hostIDs(hosts []ctl.Host) []string {
	var ids []string
	for _, h := range hosts {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestHosts(t *testing.T) {
	tests := []struct {
		name    string
		member  bool
		timeout time.Duration
	}{
		// With membership the client returns when both hosts answered; a ctx that ends long
		// before the client timeout turns waiting for the timeout into a failure.
		{"membership", true, time.Hour},
		// Without it, it collects answers until the timeout.
		{"no membership", false, 300 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := lattice(t, tt.timeout,
				&ctltest.FakeHost{ID: ctltest.Host1, FriendlyName: "one", NoMembership: !tt.member},
				&ctltest.FakeHost{ID: ctltest.Host2, FriendlyName: "two", NoMembership: !tt.member})
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
			defer cancel()
			hosts, err := c.Hosts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := hostIDs(hosts); !slices.Equal(got, []string{ctltest.Host1, ctltest.Host2}) {
				t.Errorf("hosts = %v", got)
			}
		})
	}
}

func TestMembers(t *testing.T) {
	c := lattice(t, 5*time.Second, &ctltest.FakeHost{ID: ctltest.Host1, Labels: map[string]string{"zone": "a"},
		Actors: []ctl.ActorDescription{{ID: ctltest.Echo, Instances: make([]ctl.ActorInstance, 2)}}})
	m, err := c.Members(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	rec, ok := m[ctltest.Host1]
	if len(m) != 1 || !ok || rec.Labels["zone"] != "a" || rec.Actors[ctltest.Echo] != 2 || rec.Lattice != "default" {
		t.Errorf("members = %+v", m)
	}

	empty := lattice(t, 5*time.Second)
	if _, err := empty.Members(t.Context()); !errors.Is(err, ctl.ErrNoMembership) {
		t.Errorf("Members without bucket: %v, want ErrNoMembership", err)
	}
}

func TestNoResponders(t *testing.T) {
	c := lattice(t, 5*time.Second)
	ctx := t.Context()
	calls := map[string]func() error{
		"ping":      func() error { _, err := c.Hosts(ctx); return err },
		"auction":   func() error { _, err := c.ActorAuction(ctx, ctl.ActorAuctionRequest{ActorRef: "x"}); return err },
		"inventory": func() error { _, err := c.Inventory(ctx, ctltest.Host1); return err },
		"claims":    func() error { _, err := c.Claims(ctx); return err },
		"start": func() error {
			_, err := c.StartActor(ctx, ctltest.Host1, ctl.StartActorCommand{ActorRef: "x"})
			return err
		},
	}
	for name, call := range calls {
		err := call()
		var nr *ctl.NoResponderError
		if !errors.As(err, &nr) || !errors.Is(err, nats.ErrNoResponders) ||
			!strings.HasSuffix(err.Error(), "(is a host running in lattice default?)") ||
			!strings.HasPrefix(err.Error(), "no host answered on wasmbus.ctl.default.") {
			t.Errorf("%s: %v, want a NoResponderError", name, err)
		}
	}
}

func TestAuctions(t *testing.T) {
	eu := map[string]string{"zone": "eu"}
	c := lattice(t, time.Hour,
		&ctltest.FakeHost{ID: ctltest.Host1, Labels: eu,
			Providers: []ctl.ProviderDescription{{ID: ctltest.HTTP, LinkName: "default"}}},
		&ctltest.FakeHost{ID: ctltest.Host2, Labels: eu},
		&ctltest.FakeHost{ID: ctltest.Host3, Labels: map[string]string{"zone": "us"}})
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()

	bids, err := c.ActorAuction(ctx, ctl.ActorAuctionRequest{ActorRef: "ghcr.io/acme/echo:1", Constraints: eu})
	var got []string
	for _, b := range bids {
		got = append(got, b.HostID)
	}
	slices.Sort(got)
	if err != nil || !slices.Equal(got, []string{ctltest.Host1, ctltest.Host2}) {
		t.Errorf("actor auction = %v, %v", got, err)
	}

	// Known members, none matching: no need to wait.
	none, err := c.ActorAuction(ctx, ctl.ActorAuctionRequest{ActorRef: "ghcr.io/acme/echo:1", Constraints: map[string]string{"zone": "mars"}})
	if err != nil || len(none) != 0 {
		t.Errorf("actor auction on mars = %v, %v", none, err)
	}

	pbids, err := c.ProviderAuction(ctx, ctl.ProviderAuctionRequest{ProviderRef: ctltest.HTTP, Constraints: eu})
	if err != nil || len(pbids) != 1 || pbids[0].HostID != ctltest.Host2 || pbids[0].LinkName != "default" {
		t.Errorf("provider auction = %+v, %v", pbids, err)
	}
}

func TestCommands(t *testing.T) {
	h := &ctltest.FakeHost{ID: ctltest.Host1, Labels: map[string]string{"zone": "eu"},
		Reject: map[string]string{ctl.OpUpdateActor: "Unable to perform live update: revision not greater"}}
	c := lattice(t, 5*time.Second, h)
	ctx := t.Context()
	events, err := c.Events(ctx)
	if err != nil {
		t.Fatal(err)
	}

	ack, err := c.StartActor(ctx, ctltest.Host1, ctl.StartActorCommand{ActorRef: "ghcr.io/acme/echo:1"})
	if err != nil || !ack.Accepted || ack.CorrelationID == "" {
		t.Fatalf("StartActor = %+v, %v", ack, err)
	}
	select {
	case e := <-events:
		var d ctl.ActorsStarted
		if e.Type != ctl.EventActorsStarted || e.CorrelationID() != ack.CorrelationID || e.DecodeData(&d) != nil || d.Count != 1 {
			t.Errorf("event = %+v", e)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no actors_started event")
	}

	_, err = c.UpdateActor(ctx, ctltest.Host1, ctl.UpdateActorCommand{NewActorRef: "ghcr.io/acme/echo:2", CorrelationID: "mine"})
	var rej *ctl.RejectedError
	if !errors.As(err, &rej) || rej.Message != "Unable to perform live update: revision not greater" ||
		err.Error() != "host refused wasmbus.ctl.default.cmd."+ctltest.Host1+".upd: Unable to perform live update: revision not greater" {
		t.Errorf("UpdateActor = %v, want the host's refusal", err)
	}

	steps := []func() (ctl.CtlOperationAck, error){
		func() (ctl.CtlOperationAck, error) {
			return c.StopActor(ctx, ctltest.Host1, ctl.StopActorCommand{ActorRef: ctltest.Echo})
		},
		func() (ctl.CtlOperationAck, error) {
			return c.ScaleActor(ctx, ctltest.Host1, ctl.ScaleActorCommand{ActorID: ctltest.Echo, ActorRef: "r", Count: 3})
		},
		func() (ctl.CtlOperationAck, error) {
			return c.StartProvider(ctx, ctltest.Host1, ctl.StartProviderCommand{ProviderRef: "ghcr.io/acme/http:1"})
		},
		func() (ctl.CtlOperationAck, error) {
			return c.StopProvider(ctx, ctltest.Host1, ctl.StopProviderCommand{ProviderRef: ctltest.HTTP})
		},
		func() (ctl.CtlOperationAck, error) {
			return c.PutLabel(ctx, ctltest.Host1, ctl.LabelCommand{Key: "gpu", Value: "yes"})
		},
		func() (ctl.CtlOperationAck, error) {
			return c.DeleteLabel(ctx, ctltest.Host1, ctl.LabelCommand{Key: "zone"})
		},
		func() (ctl.CtlOperationAck, error) {
			return c.PutLink(ctx, ctl.PutLinkCommand{LinkDefinition: ctl.LinkDefinition{ActorID: ctltest.Echo,
				ProviderID: ctltest.HTTP, ContractID: "wasmcloud:httpserver"}})
		},
		func() (ctl.CtlOperationAck, error) {
			return c.DeleteLink(ctx, ctl.DeleteLinkCommand{ActorID: ctltest.Echo, ContractID: "wasmcloud:httpserver"})
		},
		func() (ctl.CtlOperationAck, error) { return c.StopHost(ctx, ctltest.Host1, ctl.StopHostCommand{}) },
	}
	for i, step := range steps {
		if ack, err := step(); err != nil || !ack.Accepted || ack.CorrelationID == "" {
			t.Errorf("step %d: %+v, %v", i, ack, err)
		}
	}

	var ops []string
	for _, cmd := range h.Commands() {
		ops = append(ops, cmd.Op)
	}
	want := []string{"la", "upd", "sa", "scale", "lp", "sp", "label_put", "label_del", "linkdefs.put", "linkdefs.del", "stop"}
	if !slices.Equal(ops, want) {
		t.Errorf("host received %v, want %v", ops, want)
	}
	var sp ctl.StopProviderCommand
	if err := json.Unmarshal(h.Commands()[5].Body, &sp); err != nil || sp.LinkName != "default" || sp.HostID != ctltest.Host1 {
		t.Errorf("stop provider body = %+v, %v", sp, err)
	}
	var put ctl.PutLinkCommand
	if err := json.Unmarshal(h.Commands()[8].Body, &put); err != nil || put.LinkName != "default" || put.ProviderID != ctltest.HTTP {
		t.Errorf("put link body = %+v, %v", put, err)
	}
	if got := h.CurrentLabels(); len(got) != 1 || got["gpu"] != "yes" {
		t.Errorf("labels after put and delete = %v", got)
	}
}

func TestCommandArguments(t *testing.T) {
	c := lattice(t, time.Second)
	ctx := t.Context()
	calls := map[string]func() error{
		"start": func() error { _, err := c.StartActor(ctx, "N", ctl.StartActorCommand{}); return err },
		"stop":  func() error { _, err := c.StopActor(ctx, "N", ctl.StopActorCommand{}); return err },
		"scale": func() error {
			_, err := c.ScaleActor(ctx, "N", ctl.ScaleActorCommand{ActorID: "M", Count: -1})
			return err
		},
		"label": func() error { _, err := c.PutLabel(ctx, "N", ctl.LabelCommand{}); return err },
		"link":  func() error { _, err := c.PutLink(ctx, ctl.PutLinkCommand{}); return err },
		"auction": func() error {
			_, err := c.ProviderAuction(ctx, ctl.ProviderAuctionRequest{})
			return err
		},
	}
	for name, call := range calls {
		if err := call(); err == nil || errors.Is(err, nats.ErrNoResponders) {
			t.Errorf("%s with missing arguments: %v, want an argument error", name, err)
		}
	}
}

func TestQueries(t *testing.T) {
	link := ctl.LinkDefinition{ActorID: ctltest.Echo, ProviderID: ctltest.HTTP, LinkName: "default", ContractID: "wasmcloud:httpserver"}
	h := &ctltest.FakeHost{ID: ctltest.Host1, FriendlyName: "one",
		Claims: []ctl.Claims{{Subject: ctltest.Echo, Name: "Echo"}}, Links: []ctl.LinkDefinition{link},
		Actors: []ctl.ActorDescription{{ID: ctltest.Echo, Name: "Echo"}}}
	c := lattice(t, 5*time.Second, h)
	ctx := t.Context()

	claims, err := c.Claims(ctx)
	if err != nil || len(claims) != 1 || claims[0].Name != "Echo" {
		t.Errorf("Claims = %+v, %v", claims, err)
	}
	links, err := c.Links(ctx)
	if err != nil || len(links) != 1 || links[0].ActorID != link.ActorID || links[0].ProviderID != link.ProviderID {
		t.Errorf("Links = %+v, %v", links, err)
	}
	inv, err := c.Inventory(ctx, ctltest.Host1)
	if err != nil || inv.HostID != ctltest.Host1 || len(inv.Actors) != 1 || inv.FriendlyName != "one" {
		t.Errorf("Inventory = %+v, %v", inv, err)
	}
}

func TestPutRegistries(t *testing.T) {
	s := ctltest.StartServer(t)
	nc := ctltest.Connect(t, s)
	c, err := ctl.NewClient(nc, ctl.Options{Lattice: "prod"})
	if err != nil {
		t.Fatal(err)
	}
	host := ctltest.Connect(t, s)
	sub, err := host.SubscribeSync(c.Topics().PutRegistries())
	if err != nil {
		t.Fatal(err)
	}
	if err := host.Flush(); err != nil {
		t.Fatal(err)
	}
	creds := ctl.RegistryCredentialMap{"ghcr.io": {RegistryType: "oci", Token: "t"}}
	if err := c.PutRegistries(t.Context(), creds); err != nil {
		t.Fatal(err)
	}
	m, err := sub.NextMsgWithContext(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var got ctl.RegistryCredentialMap
	if err := json.Unmarshal(m.Data, &got); err != nil || got["ghcr.io"] != creds["ghcr.io"] {
		t.Errorf("hosts received %s (%v)", m.Data, err)
	}
}

func TestEventsStop(t *testing.T) {
	s := ctltest.StartServer(t)
	nc := ctltest.Connect(t, s)
	c, err := ctl.NewClient(nc, ctl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	base := s.NumSubscriptions()
	ctx, cancel := context.WithCancel(t.Context())
	events, err := c.Events(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Publish(c.Topics().Events(), []byte("not an event")); err != nil {
		t.Fatal(err)
	}
	e, _ := ctl.NewEvent(ctl.EventHostStarted, ctltest.Host1, ctl.HostStarted{FriendlyName: "one"})
	if err := ctl.PublishEvent(nc, c.Topics().Events(), e); err != nil {
		t.Fatal(err)
	}
	if got := <-events; got.ID != e.ID {
		t.Errorf("got event %+v, want %+v", got, e)
	}
	cancel()
	for range events { // drains, and ends only if the channel is closed
	}
	ctltest.WaitFor(t, 10*time.Second, "the subscription to go", func() bool { return s.NumSubscriptions() == base })
}

func TestNewClientErrors(t *testing.T) {
	if _, err := ctl.NewClient(nil, ctl.Options{}); err == nil {
		t.Error("NewClient(nil) succeeded")
	}
	s := ctltest.StartServer(t)
	if _, err := ctl.NewClient(ctltest.Connect(t, s), ctl.Options{Lattice: "a.b"}); err == nil || !strings.Contains(err.Error(), `"a.b"`) {
		t.Errorf("NewClient with lattice a.b: %v", err)
	}
}
