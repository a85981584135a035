package host

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/trellis-lattice/trellis/ctl"
)

// heartbeat describes the host now: what it runs, its labels and uptime.
func (h *Host) heartbeat() ctl.HostHeartbeat {
	actors := map[string]int{}
	for _, e := range h.actors.all() {
		if n := e.count(); n > 0 {
			actors[e.key] = n
		}
	}
	up := time.Since(h.started)
	return ctl.HostHeartbeat{
		Actors:        actors,
		Providers:     h.heartbeatProviders(),
		Labels:        h.Labels(),
		FriendlyName:  h.friendly,
		Version:       h.cfg.Version,
		UptimeSeconds: uint64(up.Seconds()),
		UptimeHuman:   humanDuration(up),
		HostID:        h.ID(),
		Lattice:       h.cfg.Lattice,
	}
}

// beat publishes a heartbeat event and rewrites the membership record.
func (h *Host) beat(ctx context.Context) {
	hb := h.heartbeat()
	h.publishEvent(ctl.EventHostHeartbeat, hb)
	if h.members == nil {
		return
	}
	b, err := json.Marshal(hb)
	if err != nil {
		h.log.Error("encode membership record", "err", err)
		return
	}
	if _, err := h.members.Put(ctx, h.ID(), b); err != nil {
		h.log.Warn("write membership record", "err", err)
	}
}

// heartbeatLoop beats every HeartbeatInterval until ctx ends (join beats once at start).
func (h *Host) heartbeatLoop(ctx context.Context) {
	defer h.wg.Done()
	t := time.NewTicker(h.cfg.HeartbeatInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			h.beat(ctx)
		}
	}
}

func humanDuration(d time.Duration) string {
	d = d.Round(time.Second)
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	if days > 0 {
		return fmt.Sprintf("%dd %s", days, d)
	}
	return d.String()
}

func (h *Host) heartbeatProviders() []ctl.HeartbeatProvider {
	out := []ctl.HeartbeatProvider{}
	for _, e := range h.providerList() {
		out = append(out, ctl.HeartbeatProvider{PublicKey: e.key, LinkName: e.link, ContractID: e.contract})
	}
	return out
}
