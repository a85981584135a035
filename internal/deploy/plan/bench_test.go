package plan

import (
	"fmt"
	"testing"

	"github.com/trellis-lattice/trellis/internal/deploy/manifest"
)

// benchLattice is 10 hosts over three zones running 100 converged applications, each an
// actor spread 60/40 over two zones, a provider on every host and a link between them.
func benchLattice(tb testing.TB) (*sim, []*manifest.Application) {
	s := &sim{}
	for i := range 10 {
		s.obs.Hosts = append(s.obs.Hosts, host(fmt.Sprintf("N%02d", i), "zone="+string(rune('a'+i%3))))
	}
	var apps []*manifest.Application
	for i := range 100 {
		httpc := capComp("http", httpV1, fmt.Sprintf("app%d", i), daemonScaler(1))
		httpc.Properties.Config = map[string]any{"port": 8000 + i}
		a := app(fmt.Sprintf("app%d", i),
			actor("svc", fmt.Sprintf("reg/svc%d:v1", i%10), spreadScaler(5,
				spread("a", 60, "zone=a"), spread("not-a", 40, "!zone=a")),
				linkTo("http", map[string]string{"route": fmt.Sprintf("/%d", i)})),
			httpc)
		apps = append(apps, a)
		if rounds := converge(tb, s, a, a.Metadata.Name); rounds == 0 {
			tb.Fatal("nothing deployed")
		}
	}
	return s, apps
}

// BenchmarkCompute plans 100 converged applications over 10 hosts: one op is 100 plans.
func BenchmarkCompute(b *testing.B) {
	s, apps := benchLattice(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range apps {
			if p := Compute(a, a.Metadata.Name, s.obs); len(p.Commands) != 0 {
				b.Fatalf("%s: %v", a.Metadata.Name, strs(p.Commands))
			}
		}
	}
}

// BenchmarkComputeFromEmpty plans 100 applications over 10 empty hosts: one op is 100 plans.
func BenchmarkComputeFromEmpty(b *testing.B) {
	_, apps := benchLattice(b)
	empty := Observed{Hosts: (&sim{obs: Observed{}}).obs.Hosts}
	for i := range 10 {
		empty.Hosts = append(empty.Hosts, host(fmt.Sprintf("N%02d", i), "zone="+string(rune('a'+i%3))))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range apps {
			Compute(a, a.Metadata.Name, empty)
		}
	}
}

// BenchmarkLatticePlan is BenchmarkCompute with the lattice indexed once per round, as the
// reconciler does: one op is one index and 100 plans.
func BenchmarkLatticePlan(b *testing.B) {
	s, apps := benchLattice(b)
	b.ReportAllocs()
	for b.Loop() {
		lat := NewLattice(s.obs)
		for _, a := range apps {
			if p := lat.Plan(a, a.Metadata.Name); len(p.Commands) != 0 {
				b.Fatalf("%s: %v", a.Metadata.Name, strs(p.Commands))
			}
		}
	}
}
