package deploy

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trellis-lattice/trellis/ctl"
)

// observe asks every live host for its inventory and the lattice for its links. Hosts that
// answer the ping but not the inventory request are left out (and noted in the log): their
// share is re-placed, as for a host that is gone.
func (r *Reconciler) observe(ctx context.Context) ([]ctl.HostInventory, []ctl.LinkDefinition, error) {
	hosts, err := r.cfg.Client.Hosts(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("list hosts: %w", err)
	}
	slices.SortFunc(hosts, func(a, b ctl.Host) int { return strings.Compare(a.ID, b.ID) })
	invs := make([]ctl.HostInventory, 0, len(hosts))
	for _, h := range hosts {
		inv, err := r.cfg.Client.Inventory(ctx, h.ID)
		if err != nil {
			r.log.Warn("host did not send its inventory; treating it as gone", "host", h.ID, "err", err)
			continue
		}
		invs = append(invs, *inv)
	}
	links, err := r.cfg.Client.Links(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("list links: %w", err)
	}
	r.setHosts(invs)
	return invs, links, nil
}

// setHosts records the set of live hosts, which the liveness check compares against.
func (r *Reconciler) setHosts(invs []ctl.HostInventory) {
	ids := make([]string, len(invs))
	for i, inv := range invs {
		ids[i] = inv.HostID
	}
	r.mu.Lock()
	r.hosts = ids
	r.mu.Unlock()
}

// hostsChanged pings the lattice and reports whether its set of hosts differs from the one
// seen by the last pass. Commands still awaiting an outcome from a host that no longer
// answers are given up, so that the leader re-places at once instead of waiting for an event
// that will never come.
func (r *Reconciler) hostsChanged(ctx context.Context) bool {
	hosts, err := r.cfg.Client.Hosts(ctx)
	if err != nil {
		return false
	}
	ids := make([]string, len(hosts))
	for i, h := range hosts {
		ids[i] = h.ID
	}
	slices.Sort(ids)
	r.mu.Lock()
	defer r.mu.Unlock()
	for cid, p := range r.pending {
		if !p.done && p.host != "" && !slices.Contains(ids, p.host) {
			r.finish(p)
			r.log.Warn("host gone before the outcome of a command", "app", p.app, "component", p.component, "host", p.host, "command", p.what, "correlation_id", cid)
		}
	}
	return !slices.Equal(ids, r.hosts)
}
