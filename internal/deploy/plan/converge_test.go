package plan

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/deploy/manifest"
)

// gen draws random lattices and manifests from a seeded source.
type gen struct{ r *rand.Rand }

func (g gen) pick(s ...string) string { return s[g.r.IntN(len(s))] }

func (g gen) hosts() []ctl.HostInventory {
	n := g.r.IntN(7)
	var hs []ctl.HostInventory
	for i := range n {
		h := host(fmt.Sprintf("N%02d", i))
		if g.r.IntN(4) > 0 {
			h.Labels["zone"] = g.pick("a", "b", "c")
		}
		if g.r.IntN(2) == 0 {
			h.Labels["tier"] = g.pick("x", "y")
		}
		hs = append(hs, h)
	}
	return hs
}

func (g gen) spreads() []manifest.Spread {
	var out []manifest.Spread
	for i := range g.r.IntN(4) {
		var reqs []string
		switch g.r.IntN(4) {
		case 0:
			reqs = append(reqs, "zone="+g.pick("a", "b", "c"))
		case 1:
			reqs = append(reqs, "!zone="+g.pick("a", "b", "c"))
		case 2:
			reqs = append(reqs, "tier="+g.pick("x", "y"), "!zone="+g.pick("a", "b"))
		}
		out = append(out, spread(fmt.Sprintf("s%d", i), g.r.IntN(4)*g.r.IntN(2)*10, reqs...))
	}
	return out
}

func (g gen) scaler(maxReplicas int) []manifest.Trait {
	switch g.r.IntN(6) {
	case 0:
		return nil
	case 1, 2:
		return []manifest.Trait{daemonScaler(g.r.IntN(3), g.spreads()...)}
	}
	return []manifest.Trait{spreadScaler(g.r.IntN(maxReplicas+1), g.spreads()...)}
}

func (g gen) app(name string) *manifest.Application {
	a := app(name)
	var caps []string
	for i := range 1 + g.r.IntN(3) {
		c := capComp(fmt.Sprintf("cap%d", i), g.pick(httpV1, httpV2, kvV1), g.pick("default", "default", "other"), g.scaler(4)...)
		a.Spec.Components = append(a.Spec.Components, c)
		caps = append(caps, c.Name)
	}
	for i := range 1 + g.r.IntN(3) {
		c := actor(fmt.Sprintf("act%d", i), g.pick(echoV1, echoV2, "reg/pinger:v1"), g.scaler(7)...)
		for _, target := range caps {
			if g.r.IntN(2) == 0 {
				c.Traits = append(c.Traits, linkTo(target, map[string]string{"v": g.pick("1", "2")}))
			}
		}
		a.Spec.Components = append(a.Spec.Components, c)
	}
	g.r.Shuffle(len(a.Spec.Components), func(i, j int) {
		a.Spec.Components[i], a.Spec.Components[j] = a.Spec.Components[j], a.Spec.Components[i]
	})
	return a
}

// foreign adds unmanaged and another application's actors, providers and links.
func (g gen) foreign(s *sim) {
	for _, h := range s.obs.Hosts {
		if g.r.IntN(3) == 0 {
			s.run(h.HostID, g.pick(echoV1, "reg/pinger:v1", "reg/other:v1"), 1+g.r.IntN(2), nil)
		}
		if g.r.IntN(3) == 0 {
			s.run(h.HostID, echoV1, 1, owner("other", "act0", "default"))
		}
		if g.r.IntN(4) == 0 {
			_ = s.runProvider(h.HostID, g.pick(httpV1, kvV1), g.pick("default", "other"), nil)
		}
		if g.r.IntN(4) == 0 {
			_ = s.runProvider(h.HostID, g.pick(httpV2, kvV1), "default", owner("other", "cap0", "default"))
		}
	}
	s.obs.Links = append(s.obs.Links,
		ctl.LinkDefinition{ActorID: "MOTHER", ProviderID: "VHTTPSERVER", ContractID: "wasmcloud:httpserver", LinkName: "default"})
}

// foreignState renders everything in the lattice that the application does not own and
// must not change.
func foreignState(obs Observed, app string) []string {
	var out []string
	for _, h := range obs.Hosts {
		for _, a := range h.Actors {
			for _, in := range a.Instances {
				if _, ok := owned(app, in.Annotations); !ok {
					out = append(out, h.HostID+" "+a.ID+" "+in.InstanceID)
				}
			}
			// An actor that another application also runs is never updated (unmanaged
			// instances are updated along with the app's, by design).
			if slices.ContainsFunc(a.Instances, func(in ctl.ActorInstance) bool {
				o, ok := ownerOf(in.Annotations)
				return ok && o.app != app
			}) {
				out = append(out, h.HostID+" "+a.ID+" image "+a.ImageRef)
			}
		}
		for _, p := range h.Providers {
			if _, ok := owned(app, p.Annotations); !ok {
				out = append(out, h.HostID+" "+p.ID+" "+p.InstanceID)
			}
		}
	}
	for _, l := range obs.Links {
		if strings.Contains(l.ActorID, "OTHER") {
			out = append(out, "link "+l.ActorID)
		}
	}
	slices.Sort(out)
	return out
}

// mutate changes the lattice the way life does: hosts lost, joined or relabelled.
func (g gen) mutate(s *sim) {
	switch g.r.IntN(4) {
	case 0:
		if n := len(s.obs.Hosts); n > 0 {
			i := g.r.IntN(n)
			s.obs.Hosts = slices.Delete(s.obs.Hosts, i, i+1)
		}
	case 1:
		s.obs.Hosts = append(s.obs.Hosts, host(fmt.Sprintf("N9%d", g.r.IntN(10)), "zone="+g.pick("a", "b", "c")))
		if len(s.obs.Hosts) > 1 && s.obs.Hosts[len(s.obs.Hosts)-1].HostID == s.obs.Hosts[len(s.obs.Hosts)-2].HostID {
			s.obs.Hosts = s.obs.Hosts[:len(s.obs.Hosts)-1]
		}
	case 2:
		if n := len(s.obs.Hosts); n > 0 {
			h := &s.obs.Hosts[g.r.IntN(n)]
			h.Labels = map[string]string{"zone": g.pick("a", "b", "c")}
		}
	}
}

// TestConvergence drives random lattices through deploy, change, lattice churn and
// undeploy with the simulator: every phase converges in at most 3 rounds, then stays
// still, never touches what the application does not own, and is deterministic.
func TestConvergence(t *testing.T) {
	seeds := uint64(1500)
	if s := os.Getenv("PLAN_SEEDS"); s != "" {
		seeds, _ = strconv.ParseUint(s, 10, 64)
	}
	worst, worstRefused, refusals, fourth := 0, 0, 0, 0
	for seed := range seeds {
		g := gen{rand.New(rand.NewPCG(seed, 7))}
		s := &sim{obs: Observed{Hosts: g.hosts()}}
		g.foreign(s)
		before := foreignState(s.obs, "shop")
		phases := []*manifest.Application{g.app("shop"), g.app("shop"), nil, nil}
		phases[2] = phases[1]
		for i, a := range phases {
			if i == 2 {
				g.mutate(s)
			}
			rounds, refused := convergeSeed(t, seed, i, s, a)
			if refused {
				refusals++
				worstRefused = max(worstRefused, rounds)
				if rounds == 4 {
					fourth++
				}
			} else {
				worst = max(worst, rounds)
			}
			p := Compute(a, "shop", s.obs)
			if len(p.Commands) != 0 {
				t.Fatalf("seed %d phase %d: not still: %v", seed, i, strs(p.Commands))
			}
			for _, st := range p.Status {
				if st.State == Reconciling && !strings.Contains(st.Message, "waiting for both ends") {
					t.Fatalf("seed %d phase %d: %+v after convergence", seed, i, st)
				}
			}
			if a != nil {
				checkPlacement(t, seed, a, s.obs)
			}
		}
		after := foreignState(s.obs, "shop")
		before = slices.DeleteFunc(before, func(x string) bool { return !hostPresent(s.obs, x) })
		if !slices.Equal(before, after) {
			t.Fatalf("seed %d: foreign state changed:\n%v\n%v", seed, before, after)
		}
		for _, h := range s.obs.Hosts {
			for _, a := range h.Actors {
				for _, in := range a.Instances {
					if _, ok := owned("shop", in.Annotations); ok {
						t.Fatalf("seed %d: instance left after undeploy", seed)
					}
				}
			}
		}
	}
	t.Logf("%d seeds × 4 phases: at most %d rounds with commands; %d phases with a refused live update, at most %d rounds (%d needed 4)",
		seeds, worst, refusals, worstRefused, fourth)
}

func hostPresent(obs Observed, line string) bool {
	if strings.HasPrefix(line, "link ") {
		return true
	}
	id, _, _ := strings.Cut(line, " ")
	return slices.ContainsFunc(obs.Hosts, func(h ctl.HostInventory) bool { return h.HostID == id })
}

// convergeSeed converges one phase and returns how many rounds had commands: at most 3, or
// 4 when a host refused a live update (the new image turned out to be another actor, which
// no plan can know before it runs somewhere; the reconciler then stops the instances and the
// next round starts them afresh).
func convergeSeed(t *testing.T, seed uint64, phase int, s *sim, a *manifest.Application) (rounds int, refused bool) {
	t.Helper()
	s.app = "shop"
	refusedBefore := s.refusedUpdates
	for round := 0; ; round++ {
		refused = s.refusedUpdates > refusedBefore
		p := Compute(a, "shop", s.obs)
		if again := Compute(a, "shop", shuffle(rand.New(rand.NewPCG(seed, uint64(round))), s.obs)); !reflect.DeepEqual(p, again) {
			t.Fatalf("seed %d phase %d: plan depends on input order:\n%s\n--\n%s", seed, phase,
				strings.Join(strs(p.Commands), "\n"), strings.Join(strs(again.Commands), "\n"))
		}
		if len(p.Commands) == 0 {
			return round, refused
		}
		if limit := 3 + b2i(refused); round == limit {
			t.Fatalf("seed %d phase %d: no convergence after %d rounds:\n%s", seed, phase, limit, strings.Join(strs(p.Commands), "\n"))
		}
		if err := s.apply(p.Commands); err != nil {
			t.Fatalf("seed %d phase %d round %d: %v", seed, phase, round+1, err)
		}
	}
}

// checkPlacement checks a converged lattice against the arithmetic: an actor spread with
// eligible hosts runs exactly its share, a daemon runs replicas per eligible host.
func checkPlacement(t *testing.T, seed uint64, a *manifest.Application, obs Observed) {
	t.Helper()
	lat := NewLattice(obs)
	inv := lat.apps["shop"]
	if inv == nil {
		inv = emptyApp
	}
	for _, c := range a.Spec.Components {
		sc, ok := scalerOf(c)
		if !ok || c.Type != manifest.TypeActor {
			continue
		}
		shares := Shares(sc.replicas, sc.spreads)
		for i, sp := range sc.spreads {
			hosts := lat.eligibleHosts(sp)
			got := map[string]int{}
			total := 0
			for _, g := range inv.actors[c.Name] {
				if g.spread == sp.Name {
					got[g.host] += g.count
					total += g.count
				}
			}
			switch {
			case len(hosts) == 0:
				if total != 0 {
					t.Fatalf("seed %d: %s/%s runs %d on no eligible host", seed, c.Name, sp.Name, total)
				}
			case sc.daemon:
				for _, h := range hosts {
					if got[h] != sc.replicas {
						t.Fatalf("seed %d: daemon %s/%s has %d on %s, want %d", seed, c.Name, sp.Name, got[h], h, sc.replicas)
					}
				}
			case total != shares[i]:
				t.Fatalf("seed %d: %s/%s runs %d, share %d", seed, c.Name, sp.Name, total, shares[i])
			}
		}
	}
}
