package ctltest

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/trellis-lattice/trellis/ctl"
)

// FakeHost answers a lattice's control interface with fixed data. Set the fields, then call
// Start; do not change them afterwards.
type FakeHost struct {
	ID           string
	Lattice      string // ctl.DefaultLattice when empty
	FriendlyName string
	Labels       map[string]string
	Actors       []ctl.ActorDescription
	Providers    []ctl.ProviderDescription
	// Claims and Links answer get.claims and get.links (one host of the queue group answers).
	Claims []ctl.Claims
	Links  []ctl.LinkDefinition
	// Reject refuses commands whose operation (a ctl.Op constant, "linkdefs.put" or
	// "linkdefs.del") is a key, with the value as the error.
	Reject map[string]string
	// NoMembership keeps the host out of the membership bucket, like a wasmCloud 0.x host.
	NoMembership bool

	nc       *nats.Conn
	topics   ctl.Topics
	mu       sync.Mutex
	labels   map[string]string
	received []Command
}

// Command is a command a FakeHost received.
type Command struct {
	// Op is the ctl.Op constant, or "linkdefs.put" / "linkdefs.del".
	Op   string
	Body json.RawMessage
}

// Start subscribes the host to its subjects and writes its membership record. The host stops
// when the test ends.
func (h *FakeHost) Start(t testing.TB, nc *nats.Conn) {
	t.Helper()
	if h.Lattice == "" {
		h.Lattice = ctl.DefaultLattice
	}
	h.nc, h.topics = nc, ctl.Topics{Lattice: h.Lattice}
	h.labels = maps.Clone(h.Labels)
	if h.labels == nil {
		h.labels = map[string]string{}
	}
	subs := []struct {
		subject, queue string
		handle         func(*nats.Msg)
	}{
		{h.topics.Ping(), "", h.ping},
		{h.topics.Auctions(), "", h.auction},
		{h.topics.Gets(), h.topics.QueueGroup(), h.get},
		{h.topics.Links(), h.topics.QueueGroup(), h.link},
		{h.topics.Commands(h.ID), "", h.command},
		{h.topics.Inventory(h.ID), "", h.inventory},
	}
	for _, s := range subs {
		sub, err := nc.QueueSubscribe(s.subject, s.queue, s.handle)
		if err != nil {
			t.Fatalf("fake host %s: subscribe %s: %v", h.ID, s.subject, err)
		}
		t.Cleanup(func() { _ = sub.Unsubscribe() })
	}
	if err := nc.Flush(); err != nil {
		t.Fatalf("fake host %s: %v", h.ID, err)
	}
	if !h.NoMembership {
		h.writeMembership(t)
	}
}

func (h *FakeHost) writeMembership(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	js, err := jetstream.New(h.nc)
	if err != nil {
		t.Fatalf("fake host %s: %v", h.ID, err)
	}
	kv, err := js.CreateOrUpdateKeyValue(ctx, ctl.HostsBucketConfig(h.Lattice))
	if err != nil {
		t.Fatalf("fake host %s: membership bucket: %v", h.ID, err)
	}
	rec := ctl.HostRecord{Actors: map[string]int{}, Providers: []ctl.HeartbeatProvider{}, Labels: h.Labels,
		FriendlyName: h.FriendlyName, Version: "0.1.0-test", UptimeSeconds: 3600, UptimeHuman: "1h",
		HostID: h.ID, Lattice: h.Lattice}
	for _, a := range h.Actors {
		rec.Actors[a.ID] = len(a.Instances)
	}
	for _, p := range h.Providers {
		rec.Providers = append(rec.Providers, ctl.HeartbeatProvider{PublicKey: p.ID, LinkName: p.LinkName, ContractID: p.ContractID})
	}
	data, _ := json.Marshal(rec)
	if _, err := kv.Put(ctx, h.ID, data); err != nil {
		t.Fatalf("fake host %s: membership record: %v", h.ID, err)
	}
}

// Commands returns the commands received so far.
func (h *FakeHost) Commands() []Command {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.received)
}

// CurrentLabels returns the host's labels after the label commands received so far.
func (h *FakeHost) CurrentLabels() map[string]string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return maps.Clone(h.labels)
}

func reply(m *nats.Msg, v any) {
	data, _ := json.Marshal(v)
	_ = m.Respond(data)
}

func (h *FakeHost) ping(m *nats.Msg) {
	reply(m, ctl.Host{ID: h.ID, Issuer: Cluster, Labels: h.CurrentLabels(), FriendlyName: h.FriendlyName,
		UptimeSeconds: 3600, UptimeHuman: "1h", Version: "0.1.0-test", ClusterIssuers: Cluster,
		CtlHost: "127.0.0.1:4222", ProvRPCHost: "127.0.0.1:4222", RPCHost: "127.0.0.1:4222", LatticePrefix: h.Lattice})
}

func (h *FakeHost) auction(m *nats.Msg) {
	labels := h.CurrentLabels()
	switch m.Subject {
	case h.topics.ActorAuction():
		var req ctl.ActorAuctionRequest
		if json.Unmarshal(m.Data, &req) != nil || req.ActorRef == "" {
			reply(m, ctl.CtlOperationAck{Error: "Failed to parse actor auction request"})
			return
		}
		if ctl.LabelsMatch(labels, req.Constraints) {
			reply(m, ctl.ActorAuctionAck{ActorRef: req.ActorRef, Constraints: req.Constraints, HostID: h.ID})
		}
	case h.topics.ProviderAuction():
		var req ctl.ProviderAuctionRequest
		if json.Unmarshal(m.Data, &req) != nil || req.ProviderRef == "" {
			reply(m, ctl.CtlOperationAck{Error: "Failed to parse provider auction request"})
			return
		}
		for _, p := range h.Providers {
			if p.ID == req.ProviderRef && p.LinkName == req.LinkName {
				return
			}
		}
		if ctl.LabelsMatch(labels, req.Constraints) {
			reply(m, ctl.ProviderAuctionAck{ProviderRef: req.ProviderRef, LinkName: req.LinkName, Constraints: req.Constraints, HostID: h.ID})
		}
	}
}

func (h *FakeHost) get(m *nats.Msg) {
	switch m.Subject {
	case h.topics.GetClaims():
		reply(m, ctl.ClaimsList{Claims: orEmpty(h.Claims)})
	case h.topics.GetLinks():
		reply(m, ctl.LinkList{Links: orEmpty(h.Links)})
	}
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (h *FakeHost) inventory(m *nats.Msg) {
	reply(m, ctl.HostInventory{HostID: h.ID, Issuer: Cluster, Labels: h.CurrentLabels(), FriendlyName: h.FriendlyName,
		Actors: orEmpty(h.Actors), Providers: orEmpty(h.Providers)})
}

// record stores a command and returns its correlation id and the refusal configured for op.
func (h *FakeHost) record(op string, body []byte) (correlationID, reject string) {
	var c struct {
		CorrelationID string `json:"correlation_id"`
	}
	_ = json.Unmarshal(body, &c)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.received = append(h.received, Command{Op: op, Body: slices.Clone(body)})
	return c.CorrelationID, h.Reject[op]
}

func (h *FakeHost) link(m *nats.Msg) {
	op := strings.TrimPrefix(m.Subject, h.topics.QueueGroup()+".")
	id, reject := h.record(op, m.Data)
	reply(m, ctl.CtlOperationAck{Accepted: reject == "", Error: reject, CorrelationID: id})
}

func (h *FakeHost) command(m *nats.Msg) {
	_, op, ok := h.topics.ParseCommand(m.Subject)
	if !ok {
		return
	}
	id, reject := h.record(op, m.Data)
	reply(m, ctl.CtlOperationAck{Accepted: reject == "", Error: reject, CorrelationID: id})
	if reject != "" {
		return
	}
	switch op {
	case ctl.OpPutLabel, ctl.OpDeleteLabel:
		var lc ctl.LabelCommand
		_ = json.Unmarshal(m.Data, &lc)
		h.mu.Lock()
		if op == ctl.OpPutLabel {
			h.labels[lc.Key] = lc.Value
		} else {
			delete(h.labels, lc.Key)
		}
		h.mu.Unlock()
	case ctl.OpStartActor:
		var sa ctl.StartActorCommand
		_ = json.Unmarshal(m.Data, &sa)
		e, _ := ctl.NewEvent(ctl.EventActorsStarted, h.ID, ctl.ActorsStarted{PublicKey: Echo, ImageRef: sa.ActorRef,
			Annotations: sa.Annotations, HostID: h.ID, Count: sa.Count, CorrelationID: id})
		_ = ctl.PublishEvent(h.nc, h.topics.Events(), e)
	}
}
