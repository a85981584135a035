package host

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/oci"
)

// subscribeControl subscribes the control interface of PROTOCOL.md §5.1 plus the Trellis
// label operations.
func (h *Host) subscribeControl() error {
	t := h.topics
	subs := []struct {
		subject, queue string
		handler        func(*nats.Msg)
	}{
		{t.Ping(), "", h.onPing},
		{t.Auctions(), "", h.onAuction},
		{t.Gets(), t.QueueGroup(), h.onGet},
		{t.Links(), t.QueueGroup(), h.onLinkCommand},
		{t.PutRegistries(), "", h.onRegistries},
		{t.Commands(h.ID()), "", h.onCommand},
		{t.Inventory(h.ID()), "", h.onInventory},
	}
	for _, s := range subs {
		handler := s.handler
		cb := func(m *nats.Msg) { go handler(m) }
		var sub *nats.Subscription
		var err error
		if s.queue == "" {
			sub, err = h.nc.Subscribe(s.subject, cb)
		} else {
			sub, err = h.nc.QueueSubscribe(s.subject, s.queue, cb)
		}
		if err != nil {
			return fmt.Errorf("subscribe %s: %w", s.subject, err)
		}
		h.subs = append(h.subs, sub)
	}
	return nil
}

func (h *Host) respond(m *nats.Msg, v any) {
	if m.Reply == "" {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		h.log.Error("encode control reply", "subject", m.Subject, "err", err)
		return
	}
	if err := m.Respond(b); err != nil {
		h.log.Warn("send control reply", "subject", m.Subject, "err", err)
	}
}

func (h *Host) ack(m *nats.Msg, correlationID string) {
	h.respond(m, ctl.CtlOperationAck{Accepted: true, CorrelationID: correlationID})
}

// nack answers a rejected request and counts it in the log.
func (h *Host) nack(m *nats.Msg, correlationID string, err error) {
	n := h.rejected.Add(1)
	h.log.Warn("rejected control request", "subject", m.Subject, "err", err, "rejected_total", n)
	h.respond(m, ctl.CtlOperationAck{Accepted: false, Error: err.Error(), CorrelationID: correlationID})
}

// decode parses a JSON control request, naming the operation in the error.
func decode(m *nats.Msg, op string, v any) error {
	if err := json.Unmarshal(m.Data, v); err != nil {
		return fmt.Errorf("malformed %s request: %v", op, err)
	}
	return nil
}

func (h *Host) onPing(m *nats.Msg) {
	hb := h.heartbeat()
	h.respond(m, ctl.Host{
		ID: h.ID(), Issuer: h.cfg.ClusterKey.PublicKey(), Labels: hb.Labels, FriendlyName: h.friendly,
		UptimeSeconds: hb.UptimeSeconds, UptimeHuman: hb.UptimeHuman, Version: h.cfg.Version,
		ClusterIssuers: strings.Join(h.issuers, ","), CtlHost: h.nc.ConnectedUrlRedacted(),
		RPCHost: h.nc.ConnectedUrlRedacted(), ProvRPCHost: h.nc.ConnectedUrlRedacted(), LatticePrefix: h.cfg.Lattice,
	})
	h.beat(context.Background())
}

func (h *Host) onAuction(m *nats.Msg) {
	switch m.Subject {
	case h.topics.ActorAuction():
		var req ctl.ActorAuctionRequest
		if err := decode(m, "actor auction", &req); err != nil {
			h.nack(m, "", err)
			return
		}
		if req.ActorRef == "" {
			h.nack(m, "", errors.New("malformed actor auction request: actor_ref is required"))
			return
		}
		if ctl.LabelsMatch(h.Labels(), req.Constraints) {
			h.respond(m, ctl.ActorAuctionAck{ActorRef: req.ActorRef, Constraints: req.Constraints, HostID: h.ID()})
		}
	case h.topics.ProviderAuction():
		var req ctl.ProviderAuctionRequest
		if err := decode(m, "provider auction", &req); err != nil {
			h.nack(m, "", err)
			return
		}
		if req.ProviderRef == "" {
			h.nack(m, "", errors.New("malformed provider auction request: provider_ref is required"))
			return
		}
		link := req.LinkName
		if link == "" {
			link = ctl.DefaultLinkName
		}
		if h.canRunProvider(req.ProviderRef, link) != nil || !ctl.LabelsMatch(h.Labels(), req.Constraints) {
			return
		}
		h.respond(m, ctl.ProviderAuctionAck{ProviderRef: req.ProviderRef, LinkName: link, Constraints: req.Constraints, HostID: h.ID()})
	}
}

func (h *Host) onGet(m *nats.Msg) {
	switch m.Subject {
	case h.topics.GetClaims():
		h.respond(m, ctl.ClaimsList{Claims: h.store.AllClaims()})
	case h.topics.GetLinks():
		h.respond(m, ctl.LinkList{Links: h.store.Links()})
	}
}

func (h *Host) onLinkCommand(m *nats.Msg) {
	ctx, cancel := context.WithTimeout(context.Background(), h.cfg.RPCTimeout)
	defer cancel()
	switch m.Subject {
	case h.topics.PutLink():
		var cmd ctl.PutLinkCommand
		if err := decode(m, "linkdefs.put", &cmd); err != nil {
			h.nack(m, "", err)
			return
		}
		if cmd.ActorID == "" || cmd.ProviderID == "" || cmd.ContractID == "" || cmd.LinkName == "" {
			h.nack(m, cmd.CorrelationID, errors.New("malformed linkdefs.put request: actor_id, provider_id, contract_id and link_name are required"))
			return
		}
		if err := h.store.PutLink(ctx, cmd.LinkDefinition); err != nil {
			h.nack(m, cmd.CorrelationID, fmt.Errorf("put link: %w", err))
			return
		}
		h.ack(m, cmd.CorrelationID)
	case h.topics.DeleteLink():
		var cmd ctl.DeleteLinkCommand
		if err := decode(m, "linkdefs.del", &cmd); err != nil {
			h.nack(m, "", err)
			return
		}
		if err := h.store.DeleteLink(ctx, cmd.ActorID, cmd.ContractID, cmd.LinkName); err != nil {
			h.nack(m, cmd.CorrelationID, fmt.Errorf("delete link: %w", err))
			return
		}
		h.ack(m, cmd.CorrelationID)
	}
}

func (h *Host) onRegistries(m *nats.Msg) {
	var creds ctl.RegistryCredentialMap
	if err := decode(m, "registries.put", &creds); err != nil {
		h.nack(m, "", err)
		return
	}
	h.credsMu.Lock()
	for server, c := range creds {
		if c.RegistryType == "" || (c.Username == "" && c.Password == "" && c.Token == "") {
			continue
		}
		h.creds[oci.NormaliseRegistry(server)] = c
	}
	h.credsMu.Unlock()
	h.ack(m, "")
}

func (h *Host) onCommand(m *nats.Msg) {
	op := m.Subject[strings.LastIndexByte(m.Subject, '.')+1:]
	switch op {
	case ctl.OpStartActor:
		h.cmdStartActor(m)
	case ctl.OpStopActor:
		h.cmdStopActor(m)
	case ctl.OpScaleActor:
		h.cmdScaleActor(m)
	case ctl.OpUpdateActor:
		h.cmdUpdateActor(m)
	case ctl.OpStartProvider:
		h.cmdStartProvider(m)
	case ctl.OpStopProvider:
		h.cmdStopProvider(m)
	case ctl.OpStopHost:
		h.cmdStopHost(m)
	case ctl.OpPutLabel, ctl.OpDeleteLabel:
		h.cmdLabel(m, op == ctl.OpPutLabel)
	default:
		h.log.Warn("unknown control operation", "subject", m.Subject)
	}
}

// wrongHost reports a command whose body addresses another host.
func (h *Host) wrongHost(hostID string) error {
	if hostID != "" && hostID != h.ID() {
		//lint:ignore ST1005 wire text that wasmCloud 0.x peers and actors expect (PROTOCOL.md, ACTORS.md)
		return fmt.Errorf("Command received by incorrect host and could not be processed (addressed to %s, this is %s)", hostID, h.ID())
	}
	return nil
}

func (h *Host) cmdStopHost(m *nats.Msg) {
	var cmd ctl.StopHostCommand
	if err := decode(m, "stop host", &cmd); err != nil {
		h.nack(m, "", err)
		return
	}
	if err := h.wrongHost(cmd.HostID); err != nil {
		h.nack(m, cmd.CorrelationID, err)
		return
	}
	h.ack(m, cmd.CorrelationID)
	_ = h.nc.Flush()
	go h.requestStop(cmd.CorrelationID)
}

func (h *Host) cmdLabel(m *nats.Msg, put bool) {
	var cmd ctl.LabelCommand
	if err := decode(m, "label", &cmd); err != nil {
		h.nack(m, "", err)
		return
	}
	if cmd.Key == "" {
		h.nack(m, cmd.CorrelationID, errors.New("malformed label request: key is required"))
		return
	}
	var value *string
	if put {
		value = &cmd.Value
	}
	if err := h.setLabel(cmd.Key, value); err != nil {
		h.nack(m, cmd.CorrelationID, err)
		return
	}
	h.ack(m, cmd.CorrelationID)
	h.publishEvent(ctl.EventLabelsChanged, ctl.LabelsChanged{HostID: h.ID(), Labels: h.Labels(), CorrelationID: cmd.CorrelationID})
	h.beat(context.Background())
}

func (h *Host) cmdStartProvider(m *nats.Msg) {
	var cmd ctl.StartProviderCommand
	if err := decode(m, "launch provider", &cmd); err != nil {
		h.nack(m, "", err)
		return
	}
	if err := h.wrongHost(cmd.HostID); err != nil {
		h.nack(m, cmd.CorrelationID, err)
		return
	}
	if cmd.ProviderRef == "" {
		h.nack(m, cmd.CorrelationID, errors.New("malformed launch provider request: provider_ref is required"))
		return
	}
	link := cmd.LinkName
	if link == "" {
		link = ctl.DefaultLinkName
	}
	if err := h.canRunProvider(cmd.ProviderRef, link); err != nil {
		h.publishEvent(ctl.EventProviderStartFailed, ctl.ProviderStartFailed{ProviderRef: cmd.ProviderRef, LinkName: link, Error: err.Error(), CorrelationID: cmd.CorrelationID})
		h.nack(m, cmd.CorrelationID, err)
		return
	}
	h.ack(m, cmd.CorrelationID)
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	_ = h.StartProvider(ctx, cmd.ProviderRef, link, cmd.Configuration, cmd.Annotations, cmd.CorrelationID)
}

func (h *Host) cmdStopProvider(m *nats.Msg) {
	var cmd ctl.StopProviderCommand
	if err := decode(m, "stop provider", &cmd); err != nil {
		h.nack(m, "", err)
		return
	}
	if err := h.wrongHost(cmd.HostID); err != nil {
		h.nack(m, cmd.CorrelationID, err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := h.StopProvider(ctx, cmd.ProviderRef, cmd.LinkName, cmd.CorrelationID); err != nil {
		h.nack(m, cmd.CorrelationID, err)
		return
	}
	h.ack(m, cmd.CorrelationID)
}

// canRunProvider is the quick check made before a launch command is acknowledged and before
// bidding in an auction: ref names a built-in provider that does not serve link here yet, or a
// file this host may load. Archives are verified by StartProvider.
func (h *Host) canRunProvider(ref, link string) error {
	if _, ok := h.cfg.Builtins[ref]; ok {
		if h.runsProvider(ref, link) {
			//lint:ignore ST1005 wire text that wasmCloud 0.x tooling expects (PROTOCOL.md §5.3)
			return errors.New("Provider with that link name is already running on this host")
		}
		return nil
	}
	path, ok := strings.CutPrefix(ref, "file://")
	if !ok {
		if err := h.ociReference(ref); err != nil {
			return fmt.Errorf("unknown provider %q: name a built-in provider (%s), an OCI reference to a provider archive, or a provider archive or executable as file://PATH (%w)", ref, strings.Join(h.builtinNames(), ", "), err)
		}
		return nil
	}
	if !h.cfg.AllowFileLoad {
		return fmt.Errorf("%w (%s); start the host without --disable-file-load", ErrFileLoadDisabled, ref)
	}
	path, _, _ = strings.Cut(path, "?")
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("provider %s: %w", ref, err)
	}
	return nil
}

// runsProvider reports whether the provider (key or built-in name) serves link here.
func (h *Host) runsProvider(keyOrName, link string) bool {
	key := keyOrName
	if b, ok := h.cfg.Builtins[keyOrName]; ok {
		if kp, err := builtinKey(b.Name); err == nil {
			key = kp.PublicKey()
		}
	}
	h.provs.mu.Lock()
	defer h.provs.mu.Unlock()
	_, ok := h.provs.providers[key+"/"+link]
	return ok
}
