package host

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/wasmrt"
)

// startTimeout bounds fetching, validating and compiling a module for a command.
const startTimeout = 2 * time.Minute

func (h *Host) cmdStartActor(m *nats.Msg) {
	var cmd ctl.StartActorCommand
	if err := decode(m, "launch actor", &cmd); err != nil {
		h.nack(m, "", err)
		return
	}
	if err := h.wrongHost(cmd.HostID); err != nil {
		h.nack(m, cmd.CorrelationID, err)
		return
	}
	if cmd.ActorRef == "" {
		h.nack(m, cmd.CorrelationID, errors.New("malformed launch actor request: actor_ref is required"))
		return
	}
	h.ack(m, cmd.CorrelationID)
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	_ = h.StartActor(ctx, cmd.ActorRef, max(cmd.Count, 1), cmd.Annotations, cmd.CorrelationID)
}

// StartActor starts count instances of the actor at ref and reports the outcome as events.
func (h *Host) StartActor(ctx context.Context, ref string, count int, annotations map[string]string, correlationID string) error {
	id, added, err := h.startActor(ctx, ref, count, annotations)
	if err != nil {
		h.log.Warn("start actor failed", "ref", ref, "err", err)
		h.publishEvent(ctl.EventActorStartFailed, ctl.ActorStartFailed{ActorRef: ref, Error: err.Error(), CorrelationID: correlationID})
		h.publishEvent(ctl.EventActorsStartFailed, ctl.ActorsStartFailed{PublicKey: "N/A", ImageRef: ref, Annotations: annotations, HostID: h.ID(), Error: err.Error(), CorrelationID: correlationID})
		return err
	}
	h.recordClaims(ctx, id, ref)
	ec := eventClaims(id)
	for _, inst := range added {
		h.publishEvent(ctl.EventActorStarted, ctl.ActorStarted{PublicKey: id.PublicKey, ImageRef: ref, APIVersion: "n/a",
			InstanceID: inst.ID, Annotations: inst.Annotations, Claims: ec, CorrelationID: correlationID})
	}
	h.publishEvent(ctl.EventActorsStarted, ctl.ActorsStarted{PublicKey: id.PublicKey, ImageRef: ref, Annotations: annotations,
		HostID: h.ID(), Claims: ec, Count: len(added), CorrelationID: correlationID})
	h.log.Info("actor started", "actor", id.PublicKey, "name", id.Name, "ref", ref, "count", len(added))
	h.beat(ctx)
	return nil
}

// recordClaims writes the actor's claims (and the ref map of its reference) to the lattice.
func (h *Host) recordClaims(ctx context.Context, id *wasmrt.Identity, ref string) {
	version := id.Version
	rec := ctl.Claims{CallAlias: id.CallAlias, Issuer: id.Issuer, Name: id.Name, Caps: strings.Join(id.Caps, ","),
		Revision: strconv.FormatInt(id.Revision, 10), Tags: strings.Join(id.Tags, ","), Version: &version, Subject: id.PublicKey}
	if err := h.store.PutClaims(ctx, rec); err != nil {
		h.log.Warn("write claims", "actor", id.PublicKey, "err", err)
	}
	if ref != "" {
		if err := h.store.PutRefMap(ctx, ref, id.PublicKey); err != nil {
			h.log.Warn("write ref map", "ref", ref, "err", err)
		}
	}
}

func eventClaims(id *wasmrt.Identity) ctl.ActorEventClaims {
	c := ctl.ActorEventClaims{CallAlias: id.CallAlias, Caps: id.Caps, Issuer: id.Issuer, Tags: id.Tags, Name: id.Name,
		Version: id.Version, Revision: int(id.Revision), NotBeforeHuman: "immediately", ExpiresHuman: "never"}
	if !id.Expires.IsZero() {
		c.ExpiresHuman = id.Expires.UTC().Format(time.RFC3339)
	}
	if c.Caps == nil {
		c.Caps = []string{}
	}
	if c.Tags == nil {
		c.Tags = []string{}
	}
	return c
}

func (h *Host) cmdStopActor(m *nats.Msg) {
	var cmd ctl.StopActorCommand
	if err := decode(m, "stop actor", &cmd); err != nil {
		h.nack(m, "", err)
		return
	}
	if err := h.wrongHost(cmd.HostID); err != nil {
		h.nack(m, cmd.CorrelationID, err)
		return
	}
	if err := h.StopActor(context.Background(), cmd.ActorRef, cmd.Count, cmd.Annotations, cmd.CorrelationID); err != nil {
		h.nack(m, cmd.CorrelationID, err)
		return
	}
	h.ack(m, cmd.CorrelationID)
}

// StopActor stops count instances (0 = all) matching annotations and reports them as events.
func (h *Host) StopActor(ctx context.Context, key string, count int, annotations map[string]string, correlationID string) error {
	stopped, remaining, err := h.stopActor(ctx, key, count, annotations)
	if err != nil {
		return err
	}
	for _, inst := range stopped {
		h.publishEvent(ctl.EventActorStopped, ctl.ActorStopped{PublicKey: key, InstanceID: inst.ID, Annotations: inst.Annotations, CorrelationID: correlationID})
	}
	if len(stopped) > 0 {
		h.publishEvent(ctl.EventActorsStopped, ctl.ActorsStopped{HostID: h.ID(), PublicKey: key, Count: len(stopped), Remaining: remaining,
			Annotations: annotations, CorrelationID: correlationID})
	}
	h.log.Info("actor stopped", "actor", key, "stopped", len(stopped), "remaining", remaining)
	h.beat(ctx)
	return nil
}

func (h *Host) cmdScaleActor(m *nats.Msg) {
	var cmd ctl.ScaleActorCommand
	if err := decode(m, "scale actor", &cmd); err != nil {
		h.nack(m, "", err)
		return
	}
	if err := h.wrongHost(cmd.HostID); err != nil {
		h.nack(m, cmd.CorrelationID, err)
		return
	}
	if cmd.ActorID == "" || cmd.Count < 0 {
		h.nack(m, cmd.CorrelationID, errors.New("malformed scale request: actor_id and a count ≥ 0 are required"))
		return
	}
	h.ack(m, cmd.CorrelationID)
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if err := h.ScaleActor(ctx, cmd.ActorID, cmd.ActorRef, cmd.Count, cmd.Annotations, cmd.CorrelationID); err != nil {
		h.log.Warn("scale actor failed", "actor", cmd.ActorID, "err", err)
	}
}

// ScaleActor brings the actor to count instances on this host, starting it from ref when it
// is not running, and stopping it entirely at 0.
func (h *Host) ScaleActor(ctx context.Context, key, ref string, count int, annotations map[string]string, correlationID string) error {
	e := h.actors.get(key)
	current := 0
	if e != nil {
		current = e.count()
		if ref == "" {
			e.mu.Lock()
			ref = e.ref
			e.mu.Unlock()
		}
	}
	switch {
	case count > current:
		if ref == "" {
			err := fmt.Errorf("scale actor %s: it is not running here and no reference was given", key)
			h.publishEvent(ctl.EventActorsStartFailed, ctl.ActorsStartFailed{PublicKey: key, Annotations: annotations, HostID: h.ID(), Error: err.Error(), CorrelationID: correlationID})
			return err
		}
		return h.StartActor(ctx, ref, count-current, annotations, correlationID)
	case count < current:
		return h.StopActor(ctx, key, current-count, nil, correlationID)
	}
	return nil
}

func (h *Host) cmdUpdateActor(m *nats.Msg) {
	var cmd ctl.UpdateActorCommand
	if err := decode(m, "live update", &cmd); err != nil {
		h.nack(m, "", err)
		return
	}
	if err := h.wrongHost(cmd.HostID); err != nil {
		h.nack(m, cmd.CorrelationID, err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	if err := h.UpdateActor(ctx, cmd.ActorID, cmd.NewActorRef, cmd.CorrelationID); err != nil {
		//lint:ignore ST1005 wire text that wasmCloud 0.x peers and actors expect (PROTOCOL.md, ACTORS.md)
		h.nack(m, cmd.CorrelationID, fmt.Errorf("Unable to perform live update: %w", err))
		return
	}
	h.ack(m, cmd.CorrelationID)
}

// UpdateActor swaps the actor's code for the module at ref (same key, greater revision).
func (h *Host) UpdateActor(ctx context.Context, key, ref, correlationID string) error {
	e := h.actors.get(key)
	id, err := h.updateActor(ctx, key, ref)
	if err != nil {
		if e != nil {
			e.mu.Lock()
			instances := e.instances
			e.mu.Unlock()
			for _, inst := range instances {
				h.publishEvent(ctl.EventActorUpdateFailed, ctl.ActorUpdateFailed{PublicKey: key, InstanceID: inst.ID, Reason: err.Error(), CorrelationID: correlationID})
			}
		}
		return err
	}
	h.recordClaims(ctx, id, ref)
	e.mu.Lock()
	instances := e.instances
	e.mu.Unlock()
	for _, inst := range instances {
		h.publishEvent(ctl.EventActorUpdated, ctl.ActorUpdated{PublicKey: key, Revision: int(id.Revision), InstanceID: inst.ID, CorrelationID: correlationID})
	}
	h.log.Info("actor updated", "actor", key, "revision", id.Revision, "ref", ref)
	return nil
}

func (h *Host) onInventory(m *nats.Msg) {
	h.respond(m, h.Inventory())
}

// Inventory describes what runs on this host.
func (h *Host) Inventory() ctl.HostInventory {
	inv := ctl.HostInventory{HostID: h.ID(), Issuer: h.cfg.ClusterKey.PublicKey(), Labels: h.Labels(), FriendlyName: h.friendly,
		Actors: []ctl.ActorDescription{}, Providers: []ctl.ProviderDescription{}}
	for _, e := range h.actors.all() {
		a := e.current.Load()
		if a == nil {
			continue
		}
		id := a.Identity()
		e.mu.Lock()
		d := ctl.ActorDescription{ID: e.key, ImageRef: e.ref, Name: id.Name}
		for _, inst := range e.instances {
			d.Instances = append(d.Instances, ctl.ActorInstance{Annotations: inst.Annotations, InstanceID: inst.ID, Revision: int(id.Revision)})
		}
		e.mu.Unlock()
		inv.Actors = append(inv.Actors, d)
	}
	for _, e := range h.providerList() {
		inv.Providers = append(inv.Providers, ctl.ProviderDescription{ID: e.key, ImageRef: e.ref, ContractID: e.contract, LinkName: e.link,
			Name: e.name, InstanceID: e.instance(), Annotations: e.annotations, Revision: int(e.src.rev)})
	}
	return inv
}
