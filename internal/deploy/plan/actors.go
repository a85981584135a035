package plan

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/trellis-lattice/trellis/internal/deploy/manifest"
)

// planActor scales the instances of actor component c, spread by spread, and updates the ones
// that run another image.
func (p *planner) planActor(c manifest.Component) {
	groups := p.inv.actors[c.Name]
	sc, ok := scalerOf(c)
	if !ok {
		p.stopActorGroups(c.Name, groups, fmt.Sprintf("component %q has no scaler", c.Name))
		return
	}
	if len(p.lat.hosts) == 0 {
		if sc.replicas > 0 {
			p.fail(c.Name, "no hosts in the lattice")
		}
		return
	}
	known := map[string]bool{}
	for _, s := range sc.spreads {
		known[s.Name] = true
	}
	bySpread := map[string][]actorGroup{}
	var stale []actorGroup
	for _, g := range groups {
		if g.hasSpread && known[g.spread] && p.sameActor(g, c.Properties.Image) {
			bySpread[g.spread] = append(bySpread[g.spread], g)
		} else {
			stale = append(stale, g)
		}
	}
	shares := Shares(sc.replicas, sc.spreads)
	var stops, starts []Command
	for i, s := range sc.spreads {
		hosts := p.lat.eligibleHosts(s)
		want := map[string]int{}
		if sc.daemon {
			for _, h := range hosts {
				want[h] = max(sc.replicas, 0)
			}
		} else {
			have := map[string]int{}
			for _, g := range bySpread[s.Name] {
				have[g.host] += g.count
			}
			want = balance(have, hosts, shares[i])
		}
		if len(hosts) == 0 && (sc.daemon && sc.replicas > 0 || !sc.daemon && shares[i] > 0) {
			p.fail(c.Name, "%s", noHostMessage(s))
		}
		st, sr := p.scaleSpread(c, s.Name, bySpread[s.Name], want)
		stops, starts = append(stops, st...), append(starts, sr...)
	}
	var kept []actorGroup
	for _, s := range sc.spreads {
		kept = append(kept, bySpread[s.Name]...)
	}
	p.updates = append(p.updates, pendingUpdate{c, kept})
	for _, g := range stale {
		reason := fmt.Sprintf("spread %q of %q is no longer in the manifest", g.spread, c.Name)
		switch {
		case !g.hasSpread:
			reason = fmt.Sprintf("instance of %q without a spread annotation", c.Name)
		case known[g.spread]:
			reason = fmt.Sprintf("%q runs actor %s from %s, which %s does not update", c.Name, g.actorID, g.imageRef, c.Properties.Image)
		}
		p.emit(c.Name, stopActorCmd(p, c.Name, g, g.count, reason))
	}
	for _, cmd := range stops {
		p.emit(c.Name, cmd)
	}
	for _, cmd := range starts {
		p.emit(c.Name, cmd)
	}
}

// scaleSpread returns the commands that take the spread's instances, per host, from what
// groups hold to want (hosts missing from want get none).
func (p *planner) scaleSpread(c manifest.Component, spread string, groups []actorGroup, want map[string]int) (stops, starts []Command) {
	have := map[string]int{}
	for _, g := range groups {
		have[g.host] += g.count
	}
	for _, h := range p.lat.hostIDs() {
		w, eligible := want[h]
		switch diff := w - have[h]; {
		case diff > 0:
			starts = append(starts, Command{Kind: KindStartActor,
				Reason: fmt.Sprintf("spread %q of %q wants %d instance(s) on this host, has %d", spread, c.Name, w, have[h]),
				StartActor: &StartActor{HostID: h, Ref: c.Properties.Image, Count: diff,
					Annotations: p.ownership(c.Name, spread)}})
		case diff < 0:
			reason := fmt.Sprintf("spread %q of %q wants %d instance(s) on this host, has %d", spread, c.Name, w, have[h])
			if !eligible {
				reason = fmt.Sprintf("host no longer matches spread %q of %q", spread, c.Name)
			}
			left := -diff
			for _, g := range groups {
				if g.host != h || left == 0 {
					continue
				}
				n := min(g.count, left)
				left -= n
				stops = append(stops, stopActorCmd(p, c.Name, g, n, reason))
			}
		}
	}
	return stops, starts
}

// pendingUpdate is an actor component whose updates are planned once every stop is known.
type pendingUpdate struct {
	c      manifest.Component
	groups []actorGroup
}

// planUpdates plans the updates of every actor component, after all stops.
func (p *planner) planUpdates() {
	for _, u := range p.updates {
		p.updateActors(u.c, u.groups)
	}
}

// remaining is how many instances of actor ha owned by o this plan leaves running.
func (p *planner) remaining(ha hostActor, o ownerKey) int {
	return p.lat.owners[ha][o] - p.stopped[ha][o]
}

// updateActors live-updates the actors of c (groups) whose image is not the desired one and
// which keep instances of c once the plan's stops are done. The host updates every instance
// of the actor: unmanaged instances are updated along (the command's reason says so), but an
// actor that keeps instances of another component or application is left alone and c
// reported failed, as the two would undo each other's updates.
func (p *planner) updateActors(c manifest.Component, groups []actorGroup) {
	groups = slices.Clone(groups)
	slices.SortStableFunc(groups, func(x, y actorGroup) int {
		return cmp.Or(cmp.Compare(x.host, y.host), cmp.Compare(x.actorID, y.actorID))
	})
	self := ownerKey{p.app, c.Name}
	done := map[hostActor]bool{}
	for _, g := range groups {
		ha := hostActor{g.host, g.actorID}
		if g.imageRef == c.Properties.Image || p.remaining(ha, self) <= 0 || done[ha] {
			continue
		}
		done[ha] = true
		reason := fmt.Sprintf("%q runs %s, wants %s", c.Name, g.imageRef, c.Properties.Image)
		others, managed := 0, []ownerKey(nil)
		for o := range p.lat.owners[ha] {
			switch n := p.remaining(ha, o); {
			case o == self || n <= 0:
			case o == ownerKey{}:
				others += n
			default:
				managed = append(managed, o)
			}
		}
		if len(managed) > 0 {
			o := slices.MinFunc(managed, func(a, b ownerKey) int {
				return cmp.Or(cmp.Compare(a.app, b.app), cmp.Compare(a.component, b.component))
			})
			// Updating would change another planner's instances, which would change them back.
			p.fail(c.Name, "host %s: actor %s also runs instances of component %q of application %q; not updating it to %s",
				g.host, g.actorID, o.component, o.app, c.Properties.Image)
			continue
		}
		if others > 0 {
			reason += fmt.Sprintf(" (the host updates an actor as a whole: %d instance(s) of it not managed by %q are updated too)", others, c.Name)
		}
		p.emit(c.Name, Command{Kind: KindUpdateActor,
			Reason:      reason,
			UpdateActor: &UpdateActor{HostID: g.host, ActorID: g.actorID, NewRef: c.Properties.Image}})
	}
}

// sameActor reports whether the instances of g may be live-updated to image: unless some
// host already runs image under another key, it is assumed to be the same actor (a host
// refuses an update to another key, and the reconciler then stops the instances so that the
// next plan starts them afresh). Instances known to be another actor are replaced.
func (p *planner) sameActor(g actorGroup, image string) bool {
	key, ok := p.lat.actorImageKeys[image]
	return g.imageRef == image || !ok || key == g.actorID
}

func (p *planner) stopActorGroups(component string, groups []actorGroup, reason string) {
	for _, g := range groups {
		p.emit(component, stopActorCmd(p, component, g, g.count, reason))
	}
}

func stopActorCmd(p *planner, component string, g actorGroup, n int, reason string) Command {
	spread := ""
	if g.hasSpread {
		spread = g.spread
	}
	ha := hostActor{g.host, g.actorID}
	if p.stopped[ha] == nil {
		p.stopped[ha] = map[ownerKey]int{}
	}
	p.stopped[ha][ownerKey{p.app, component}] += n
	return Command{Kind: KindStopActor, Reason: reason,
		StopActor: &StopActor{HostID: g.host, ActorID: g.actorID, Count: n,
			Annotations: p.ownership(component, spread)}}
}

// balance spreads total instances over hosts (in order) starting from have, as if it added
// one at a time on a host with the fewest and removed one at a time from a host with the
// most, ties going to the first host; it computes the result level by level, so its cost does
// not grow with total. Hosts not listed get nothing.
func balance(have map[string]int, hosts []string, total int) map[string]int {
	want := make(map[string]int, len(hosts))
	sum := 0
	for _, h := range hosts {
		want[h] = have[h]
		sum += have[h]
	}
	switch {
	case len(hosts) == 0 || sum == total:
	case sum < total:
		// Raise every host below level L to L, L the highest level that needs no more than
		// the missing instances; the rest go one each to hosts at L, in order.
		k := total - sum
		cost := func(l int) int {
			n := 0
			for _, h := range hosts {
				n += max(0, l-want[h])
			}
			return n
		}
		l := level(func(l int) bool { return cost(l) <= k }, 0, total)
		k -= cost(l)
		for _, h := range hosts {
			want[h] = max(want[h], l)
		}
		for _, h := range hosts {
			if k > 0 && want[h] == l {
				want[h]++
				k--
			}
		}
	default:
		// Lower every host above level L to L, L the lowest level that removes no more than
		// the surplus; the rest come one each from hosts at L, in order.
		k := sum - total
		cost := func(l int) int {
			n := 0
			for _, h := range hosts {
				n += max(0, want[h]-l)
			}
			return n
		}
		l := sum - level(func(m int) bool { return cost(sum-m) <= k }, 0, sum)
		k -= cost(l)
		for _, h := range hosts {
			want[h] = min(want[h], l)
		}
		for _, h := range hosts {
			if k > 0 && want[h] == l {
				want[h]--
				k--
			}
		}
	}
	return want
}

// level returns the greatest x in [lo, hi] with ok(x), for ok true at lo and monotone
// (true up to some point, false after).
func level(ok func(int) bool, lo, hi int) int {
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if ok(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}
