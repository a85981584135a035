package ctl

import (
	"fmt"
	"strings"
)

// DefaultTopicPrefix is the default control topic prefix ({ctl} in PROTOCOL.md §5).
const DefaultTopicPrefix = "wasmbus.ctl"

// DefaultLattice is the lattice prefix used when none is configured.
const DefaultLattice = "default"

// Host command operations: the last token of {ctl}.{lattice}.cmd.{host}.{op} (PROTOCOL.md §5.3).
// OpPutLabel and OpDeleteLabel are Trellis extensions on new subjects; wasmCloud 0.x hosts
// do not answer them.
const (
	OpStartActor    = "la"
	OpStopActor     = "sa"
	OpScaleActor    = "scale"
	OpUpdateActor   = "upd"
	OpStartProvider = "lp"
	OpStopProvider  = "sp"
	OpStopHost      = "stop"
	OpPutLabel      = "label_put"
	OpDeleteLabel   = "label_del"
)

// Topics builds the NATS subjects of one lattice's control interface and event streams
// (PROTOCOL.md §5.1, §6.1). Clients publish to them and hosts subscribe to them, so both sides
// agree by construction. The zero Prefix means DefaultTopicPrefix; Lattice must be set.
type Topics struct {
	// Prefix is the control topic prefix, DefaultTopicPrefix when empty.
	Prefix string
	// Lattice is the lattice prefix, one subject token.
	Lattice string
}

// base returns "{ctl}.{lattice}".
func (t Topics) base() string {
	p := t.Prefix
	if p == "" {
		p = DefaultTopicPrefix
	}
	return p + "." + t.Lattice
}

// QueueGroup is the queue group hosts use for subjects only one host answers (get.claims,
// get.links, linkdefs.*).
func (t Topics) QueueGroup() string { return t.base() }

// Ping is the subject every host answers with its Host description: {ctl}.{lattice}.ping.hosts.
func (t Topics) Ping() string { return t.base() + ".ping.hosts" }

// ActorAuction is the subject of actor auctions: {ctl}.{lattice}.auction.actor.
func (t Topics) ActorAuction() string { return t.base() + ".auction.actor" }

// ProviderAuction is the subject of provider auctions: {ctl}.{lattice}.auction.provider.
func (t Topics) ProviderAuction() string { return t.base() + ".auction.provider" }

// Auctions is the wildcard hosts subscribe to for both auctions: {ctl}.{lattice}.auction.>.
func (t Topics) Auctions() string { return t.base() + ".auction.>" }

// GetClaims is the subject of claims queries: {ctl}.{lattice}.get.claims.
func (t Topics) GetClaims() string { return t.base() + ".get.claims" }

// GetLinks is the subject of link queries: {ctl}.{lattice}.get.links.
func (t Topics) GetLinks() string { return t.base() + ".get.links" }

// Gets is the wildcard of the lattice-wide queries (get.claims, get.links), served by one host
// of QueueGroup: {ctl}.{lattice}.get.*.
func (t Topics) Gets() string { return t.base() + ".get.*" }

// PutLink is the subject that creates or replaces a link definition: {ctl}.{lattice}.linkdefs.put.
func (t Topics) PutLink() string { return t.base() + ".linkdefs.put" }

// DeleteLink is the subject that removes a link definition: {ctl}.{lattice}.linkdefs.del.
func (t Topics) DeleteLink() string { return t.base() + ".linkdefs.del" }

// Links is the wildcard of both link subjects, served by one host of QueueGroup:
// {ctl}.{lattice}.linkdefs.*.
func (t Topics) Links() string { return t.base() + ".linkdefs.*" }

// PutRegistries is the subject that merges registry credentials into every host:
// {ctl}.{lattice}.registries.put.
func (t Topics) PutRegistries() string { return t.base() + ".registries.put" }

// Inventory is the subject of one host's inventory: {ctl}.{lattice}.get.{host}.inv.
func (t Topics) Inventory(hostID string) string { return t.base() + ".get." + hostID + ".inv" }

// Command is the subject of operation op (one of the Op constants) on one host:
// {ctl}.{lattice}.cmd.{host}.{op}.
func (t Topics) Command(hostID, op string) string { return t.base() + ".cmd." + hostID + "." + op }

// Commands is the wildcard one host subscribes to for its commands: {ctl}.{lattice}.cmd.{host}.*.
func (t Topics) Commands(hostID string) string { return t.Command(hostID, "*") }

// StartActor is the launch-actor subject of a host (cmd.{host}.la).
func (t Topics) StartActor(hostID string) string { return t.Command(hostID, OpStartActor) }

// StopActor is the stop-actor subject of a host (cmd.{host}.sa).
func (t Topics) StopActor(hostID string) string { return t.Command(hostID, OpStopActor) }

// ScaleActor is the scale-actor subject of a host (cmd.{host}.scale).
func (t Topics) ScaleActor(hostID string) string { return t.Command(hostID, OpScaleActor) }

// UpdateActor is the live-update subject of a host (cmd.{host}.upd).
func (t Topics) UpdateActor(hostID string) string { return t.Command(hostID, OpUpdateActor) }

// StartProvider is the launch-provider subject of a host (cmd.{host}.lp).
func (t Topics) StartProvider(hostID string) string { return t.Command(hostID, OpStartProvider) }

// StopProvider is the stop-provider subject of a host (cmd.{host}.sp).
func (t Topics) StopProvider(hostID string) string { return t.Command(hostID, OpStopProvider) }

// StopHost is the stop subject of a host (cmd.{host}.stop).
func (t Topics) StopHost(hostID string) string { return t.Command(hostID, OpStopHost) }

// PutLabel is the Trellis extension subject that sets a label on a host (cmd.{host}.label_put).
func (t Topics) PutLabel(hostID string) string { return t.Command(hostID, OpPutLabel) }

// DeleteLabel is the Trellis extension subject that removes a label from a host
// (cmd.{host}.label_del).
func (t Topics) DeleteLabel(hostID string) string { return t.Command(hostID, OpDeleteLabel) }

// ParseCommand splits a subject received on Commands(hostID) into the host id and operation.
// Unlike the wasmCloud 0.x host it parses relative to the known prefix, so prefixes of any
// number of tokens work (PROTOCOL.md §9.11).
func (t Topics) ParseCommand(subject string) (hostID, op string, ok bool) {
	rest, ok := strings.CutPrefix(subject, t.base()+".cmd.")
	if !ok {
		return "", "", false
	}
	hostID, op, ok = strings.Cut(rest, ".")
	if !ok || hostID == "" || op == "" || strings.Contains(op, ".") {
		return "", "", false
	}
	return hostID, op, true
}

// Events is the subject of lattice events: wasmbus.evt.{lattice}. It does not use Prefix.
func (t Topics) Events() string { return "wasmbus.evt." + t.Lattice }

// RPCEvents is the subject of invocation events: wasmbus.rpcevt.{lattice}.
func (t Topics) RPCEvents() string { return "wasmbus.rpcevt." + t.Lattice }

// ValidateLattice checks that name can be used as a lattice prefix: one non-empty subject token
// (no '.', '*', '>' or whitespace) that is also valid in a JetStream bucket name.
func ValidateLattice(name string) error {
	if name == "" {
		return fmt.Errorf("lattice name is empty")
	}
	for _, r := range name {
		if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return fmt.Errorf("lattice name %q: %q not allowed (use letters, digits, '-' and '_')", name, r)
		}
	}
	return nil
}

// validatePrefix checks a control topic prefix: dot-separated non-empty tokens without
// wildcards or whitespace.
func validatePrefix(prefix string) error {
	for tok := range strings.SplitSeq(prefix, ".") {
		if tok == "" || strings.ContainsAny(tok, "*> \t\r\n") {
			return fmt.Errorf("control topic prefix %q is not a valid subject prefix", prefix)
		}
	}
	return nil
}
