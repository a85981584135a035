package plan

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/deploy/manifest"
)

func TestShares(t *testing.T) {
	tests := []struct {
		name     string
		replicas int
		weights  []int
		want     []int
	}{
		{"wadm example 50/30/20", 6, []int{50, 30, 20}, []int{3, 2, 1}},
		{"remainder to the largest fractions, ties by weight then order", 7, []int{40, 40, 20}, []int{3, 3, 1}},
		{"equal weights, remainder in manifest order", 7, []int{0, 0, 0}, []int{3, 2, 2}},
		{"equal explicit weights", 5, []int{10, 10}, []int{3, 2}},
		{"remainder tie broken by weight", 2, []int{1, 3}, []int{0, 2}},
		{"largest fractions first", 3, []int{2, 1, 1}, []int{1, 1, 1}},
		{"zero replicas", 0, []int{1, 2}, []int{0, 0}},
		{"zero weight among others gets nothing", 5, []int{3, 0, 2}, []int{3, 0, 2}},
		{"one spread", 9, []int{0}, []int{9}},
		{"fewer replicas than spreads", 2, []int{0, 0, 0}, []int{1, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var spreads []manifest.Spread
			for i, w := range tt.weights {
				spreads = append(spreads, manifest.Spread{Name: string(rune('a' + i)), Weight: w})
			}
			got := Shares(tt.replicas, spreads)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Shares(%d, %v) = %v, want %v", tt.replicas, tt.weights, got, tt.want)
			}
			sum := 0
			for _, n := range got {
				sum += n
			}
			if sum != tt.replicas {
				t.Fatalf("sum %d != replicas %d", sum, tt.replicas)
			}
		})
	}
}

// balanceOneByOne is the definition balance computes faster.
func balanceOneByOne(have map[string]int, hosts []string, total int) map[string]int {
	want := make(map[string]int, len(hosts))
	sum := 0
	for _, h := range hosts {
		want[h] = have[h]
		sum += have[h]
	}
	if len(hosts) == 0 {
		return want
	}
	for ; sum < total; sum++ {
		best := hosts[0]
		for _, h := range hosts[1:] {
			if want[h] < want[best] {
				best = h
			}
		}
		want[best]++
	}
	for ; sum > total; sum-- {
		best := hosts[0]
		for _, h := range hosts[1:] {
			if want[h] > want[best] {
				best = h
			}
		}
		want[best]--
	}
	return want
}

func TestBalanceMatchesDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var hosts []string
		have := map[string]int{}
		for i := range r.IntN(6) {
			h := fmt.Sprintf("N%d", i)
			hosts = append(hosts, h)
			have[h] = r.IntN(6)
		}
		total := r.IntN(25)
		if got, want := balance(have, hosts, total), balanceOneByOne(have, hosts, total); !reflect.DeepEqual(got, want) {
			t.Fatalf("balance(%v, %v, %d) = %v, want %v", have, hosts, total, got, want)
		}
	}
	hosts := []string{"N1", "N2", "N3"}
	if got := balance(nil, hosts, 3_000_001); got["N1"] != 1_000_001 || got["N3"] != 1_000_000 {
		t.Fatalf("large: %v", got)
	}
}

func TestBalance(t *testing.T) {
	got := balance(map[string]int{"N1": 3, "N2": 3, "N9": 1}, []string{"N1", "N2", "N3"}, 3)
	want := map[string]int{"N1": 1, "N2": 2, "N3": 0}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("scale down: got %v, want %v", got, want)
	}
	got = balance(map[string]int{"N2": 2}, []string{"N1", "N2", "N3"}, 5)
	want = map[string]int{"N1": 2, "N2": 2, "N3": 1}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("scale up: got %v, want %v", got, want)
	}
}

const (
	echoV1 = "reg/echo:v1"
	echoV2 = "reg/echo:v2"
	httpV1 = "reg/httpserver:v1"
	httpV2 = "reg/httpserver:v2"
	kvV1   = "reg/kv:v1"
)

// withActor returns h running n instances of ref with the given annotations.
func withActor(h ctl.HostInventory, ref string, n int, ann map[string]string) ctl.HostInventory {
	s := sim{obs: Observed{Hosts: []ctl.HostInventory{h}}}
	s.next = len(h.Actors) * 100
	s.run(h.HostID, ref, n, ann)
	return s.obs.Hosts[0]
}

func withProvider(h ctl.HostInventory, ref, link string, ann map[string]string) ctl.HostInventory {
	s := sim{obs: Observed{Hosts: []ctl.HostInventory{h}}}
	if err := s.runProvider(h.HostID, ref, link, ann); err != nil {
		panic(err)
	}
	return s.obs.Hosts[0]
}

func zones3() []ctl.HostInventory {
	return []ctl.HostInventory{host("N1", "zone=a"), host("N2", "zone=b"), host("N3", "zone=c")}
}

func TestCompute(t *testing.T) {
	abc := []manifest.Spread{spread("zone-a", 50, "zone=a"), spread("zone-b", 30, "zone=b"), spread("zone-c", 20, "zone=c")}
	own := func(comp, sp string) map[string]string { return owner("shop", comp, sp) }
	linked := app("shop",
		actor("echo", echoV1, spreadScaler(1), linkTo("http", map[string]string{"port": "8080"})),
		capComp("http", httpV1, "default", spreadScaler(1)))
	running := []ctl.HostInventory{withProvider(withActor(host("N1"), echoV1, 1, own("echo", "default")),
		httpV1, "default", own("http", "default"))}
	link := ctl.LinkDefinition{ActorID: "MECHO", ProviderID: "VHTTPSERVER", ContractID: "wasmcloud:httpserver",
		LinkName: "default", Values: map[string]string{"port": "8080"}}

	tests := []struct {
		name   string
		app    *manifest.Application
		hosts  []ctl.HostInventory
		links  []ctl.LinkDefinition
		want   []string
		status []string // "component State message-substring"
		reason string   // in the first command's reason
	}{
		{
			name:  "wadm example: 6 replicas 50/30/20 over three zones",
			app:   app("shop", actor("echo", echoV1, spreadScaler(6, abc...))),
			hosts: zones3(),
			want: []string{
				"StartActor N1 reg/echo:v1 x3 {trellis.dev/component=echo,trellis.dev/spread=zone-a,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StartActor N2 reg/echo:v1 x2 {trellis.dev/component=echo,trellis.dev/spread=zone-b,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StartActor N3 reg/echo:v1 x1 {trellis.dev/component=echo,trellis.dev/spread=zone-c,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
			status: []string{"echo Reconciling 3 command(s)"},
		},
		{
			name: "already deployed: no commands",
			app:  app("shop", actor("echo", echoV1, spreadScaler(6, abc...))),
			hosts: []ctl.HostInventory{withActor(host("N1", "zone=a"), echoV1, 3, own("echo", "zone-a")),
				withActor(host("N2", "zone=b"), echoV1, 2, own("echo", "zone-b")),
				withActor(host("N3", "zone=c"), echoV1, 1, own("echo", "zone-c"))},
			status: []string{"echo Deployed"},
		},
		{
			name:  "no spreads: implicit default spread, evenly over every host",
			app:   app("shop", actor("echo", echoV1, spreadScaler(4))),
			hosts: []ctl.HostInventory{withActor(host("N1"), echoV1, 1, own("echo", "default")), host("N2"), host("N3")},
			want: []string{
				"StartActor N1 reg/echo:v1 x1 {trellis.dev/component=echo,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StartActor N2 reg/echo:v1 x1 {trellis.dev/component=echo,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StartActor N3 reg/echo:v1 x1 {trellis.dev/component=echo,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name:  "scale down: remove from the hosts with the most, ties by host ID",
			app:   app("shop", actor("echo", echoV1, spreadScaler(3))),
			hosts: []ctl.HostInventory{withActor(host("N1"), echoV1, 3, own("echo", "default")), withActor(host("N2"), echoV1, 3, own("echo", "default"))},
			want: []string{
				"StopActor N1 MECHO x2 {trellis.dev/component=echo,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StopActor N2 MECHO x1 {trellis.dev/component=echo,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name: "overlapping spreads count their own instances",
			app: app("shop", actor("echo", echoV1, spreadScaler(4,
				spread("anywhere", 1), spread("zone-a", 1, "zone=a")))),
			hosts: []ctl.HostInventory{host("N1", "zone=a"), host("N2", "zone=b")},
			want: []string{
				"StartActor N1 reg/echo:v1 x1 {trellis.dev/component=echo,trellis.dev/spread=anywhere,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StartActor N2 reg/echo:v1 x1 {trellis.dev/component=echo,trellis.dev/spread=anywhere,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StartActor N1 reg/echo:v1 x2 {trellis.dev/component=echo,trellis.dev/spread=zone-a,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name:  "anti-affinity excludes hosts with the label",
			app:   app("shop", actor("echo", echoV1, spreadScaler(4, spread("not-a", 0, "!zone=a")))),
			hosts: zones3(),
			want: []string{
				"StartActor N2 reg/echo:v1 x2 {trellis.dev/component=echo,trellis.dev/spread=not-a,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StartActor N3 reg/echo:v1 x2 {trellis.dev/component=echo,trellis.dev/spread=not-a,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name:   "no eligible host: failed, no commands",
			app:    app("shop", actor("echo", echoV1, spreadScaler(2, spread("zone-c", 0, "zone=c")))),
			hosts:  []ctl.HostInventory{host("N1", "zone=a"), host("N2", "zone=b")},
			status: []string{`echo Failed spread "zone-c": no host has labels zone=c`},
		},
		{
			name:   "no eligible host with anti-requirements",
			app:    app("shop", actor("echo", echoV1, spreadScaler(2, spread("s", 0, "!zone=a")))),
			hosts:  []ctl.HostInventory{host("N1", "zone=a")},
			status: []string{`echo Failed spread "s": every host has one of the labels zone=a`},
		},
		{
			name:   "no hosts at all",
			app:    app("shop", actor("echo", echoV1, spreadScaler(2)), capComp("http", httpV1, "default", daemonScaler(1))),
			status: []string{"echo Failed no hosts in the lattice", "http Failed no hosts in the lattice"},
		},
		{
			name:  "daemonscaler: replicas on every eligible host",
			app:   app("shop", actor("echo", echoV1, daemonScaler(2, spread("ab", 0, "!zone=c")))),
			hosts: append(zones3(), withActor(host("N4", "zone=a"), echoV1, 3, own("echo", "ab"))),
			want: []string{
				"StopActor N4 MECHO x1 {trellis.dev/component=echo,trellis.dev/spread=ab,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StartActor N1 reg/echo:v1 x2 {trellis.dev/component=echo,trellis.dev/spread=ab,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StartActor N2 reg/echo:v1 x2 {trellis.dev/component=echo,trellis.dev/spread=ab,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name:  "image change: live update per host, counting ignores the image",
			app:   app("shop", actor("echo", echoV2, spreadScaler(3))),
			hosts: []ctl.HostInventory{withActor(host("N1"), echoV1, 2, own("echo", "default")), withActor(host("N2"), echoV2, 1, own("echo", "default"))},
			want:  []string{"UpdateActor N1 MECHO -> reg/echo:v2"},
		},
		{
			name:  "image known to be another actor: instances replaced, not updated",
			app:   app("shop", actor("echo", "reg/pinger:v1", spreadScaler(2))),
			hosts: []ctl.HostInventory{withActor(host("N1"), echoV1, 2, own("echo", "default")), withActor(host("N2"), "reg/pinger:v1", 1, nil)},
			want: []string{
				"StopActor N1 MECHO x2 {trellis.dev/component=echo,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StartActor N1 reg/pinger:v1 x1 {trellis.dev/component=echo,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StartActor N2 reg/pinger:v1 x1 {trellis.dev/component=echo,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name:  "image of unknown key, other file name: live update (the host checks the key)",
			app:   app("shop", actor("echo", "file:///tmp/echo_rev2.wasm", spreadScaler(1))),
			hosts: []ctl.HostInventory{withActor(host("N1"), "file:///tmp/echo_rev1.wasm", 1, own("echo", "default"))},
			want:  []string{"UpdateActor N1 MECHO_REV1.WASM -> file:///tmp/echo_rev2.wasm"},
		},
		{
			name: "image known to run under the same key elsewhere: updated",
			app:  app("shop", actor("echo", "other.io/echo-fork:v3", spreadScaler(1))),
			hosts: []ctl.HostInventory{withActor(host("N1"), echoV1, 1, own("echo", "default")),
				func() ctl.HostInventory {
					h := withActor(host("N2"), echoV1, 1, nil)
					h.Actors[0].ImageRef = "other.io/echo-fork:v3"
					return h
				}()},
			want: []string{"UpdateActor N1 MECHO -> other.io/echo-fork:v3"},
		},
		{
			name:  "host relabelled out of its spread: instances move",
			app:   app("shop", actor("echo", echoV1, spreadScaler(2, spread("zone-a", 0, "zone=a")))),
			hosts: []ctl.HostInventory{withActor(host("N1", "zone=b"), echoV1, 2, own("echo", "zone-a")), host("N2", "zone=a")},
			want: []string{
				"StopActor N1 MECHO x2 {trellis.dev/component=echo,trellis.dev/spread=zone-a,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StartActor N2 reg/echo:v1 x2 {trellis.dev/component=echo,trellis.dev/spread=zone-a,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name:  "capability spread wants more hosts than it has: runs where it can, failed",
			app:   app("shop", capComp("http", httpV1, "default", spreadScaler(3, spread("zone-a", 0, "zone=a")))),
			hosts: []ctl.HostInventory{host("N1", "zone=a"), host("N2", "zone=b")},
			want: []string{
				"StartProvider N1 reg/httpserver:v1 default {trellis.dev/component=http,trellis.dev/spread=zone-a,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
			status: []string{`http Failed spread "zone-a": wants 3 host(s), only 1 eligible host(s) can run it`},
		},
		{
			name: "capability scale down stops the copies on the lowest host IDs",
			app:  app("shop", capComp("http", httpV1, "default", spreadScaler(1))),
			hosts: []ctl.HostInventory{withProvider(host("N1"), httpV1, "default", own("http", "default")),
				withProvider(host("N2"), httpV1, "default", own("http", "default"))},
			want: []string{"StopProvider N1 VHTTPSERVER default wasmcloud:httpserver"},
		},
		{
			name:   "image change with unmanaged instances of the same actor: updated, and said so",
			app:    app("shop", actor("echo", echoV2, spreadScaler(2))),
			hosts:  []ctl.HostInventory{withActor(withActor(host("N1"), echoV1, 2, own("echo", "default")), echoV1, 1, nil)},
			want:   []string{"UpdateActor N1 MECHO -> reg/echo:v2"},
			reason: "1 instance(s) of it not managed by",
		},
		{
			name: "unmanaged and other apps' instances neither count nor get stopped",
			app:  app("shop", actor("echo", echoV1, spreadScaler(1))),
			hosts: []ctl.HostInventory{withActor(withActor(host("N1"), echoV1, 5, nil), echoV1, 2, owner("other", "echo", "default")),
				withActor(host("N2"), echoV1, 1, map[string]string{AnnotationAppSpec: "shop", AnnotationComponent: "echo"})},
			want: []string{
				"StartActor N1 reg/echo:v1 x1 {trellis.dev/component=echo,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name: "spread removed from the manifest: its instances stop",
			app:  app("shop", actor("echo", echoV1, spreadScaler(1, spread("new", 0)))),
			hosts: []ctl.HostInventory{withActor(host("N1"), echoV1, 1, own("echo", "new")),
				withActor(host("N2"), echoV1, 2, own("echo", "old"))},
			want: []string{
				"StopActor N2 MECHO x2 {trellis.dev/component=echo,trellis.dev/spread=old,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name:  "capability spreadscaler prefers hosts already running it",
			app:   app("shop", capComp("http", httpV1, "default", spreadScaler(2))),
			hosts: []ctl.HostInventory{host("N1"), withProvider(host("N2"), httpV1, "default", own("http", "default")), host("N3")},
			want: []string{
				"StartProvider N1 reg/httpserver:v1 default {trellis.dev/component=http,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name: "capability: a host with an unmanaged copy is ineligible",
			app:  app("shop", capComp("http", httpV1, "default", spreadScaler(1))),
			hosts: []ctl.HostInventory{withProvider(host("N1"), httpV1, "default", nil),
				withProvider(host("N2"), httpV1, "default", owner("other", "http", "default")), host("N3")},
			want: []string{
				"StartProvider N3 reg/httpserver:v1 default {trellis.dev/component=http,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name:   "capability: every eligible host runs an unmanaged copy",
			app:    app("shop", capComp("http", httpV1, "default", daemonScaler(1))),
			hosts:  []ctl.HostInventory{withProvider(host("N1"), httpV1, "default", nil)},
			status: []string{`http Failed spread "default": every eligible host already runs reg/httpserver:v1 under link "default" outside this application`},
		},
		{
			name:  "capability: another link name is another provider",
			app:   app("shop", capComp("http", httpV1, "other", daemonScaler(1))),
			hosts: []ctl.HostInventory{withProvider(host("N1"), httpV1, "default", nil)},
			want: []string{
				"StartProvider N1 reg/httpserver:v1 other {trellis.dev/component=http,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name:  "capability daemonscaler on every eligible host",
			app:   app("shop", capComp("http", httpV1, "default", daemonScaler(1, spread("edge", 0, "zone=a"), spread("core", 0, "zone=b")))),
			hosts: append(zones3(), host("N4", "zone=a")),
			want: []string{
				"StartProvider N1 reg/httpserver:v1 default {trellis.dev/component=http,trellis.dev/spread=edge,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StartProvider N4 reg/httpserver:v1 default {trellis.dev/component=http,trellis.dev/spread=edge,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
				"StartProvider N2 reg/httpserver:v1 default {trellis.dev/component=http,trellis.dev/spread=core,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name:  "capability image change: stop then start on that host",
			app:   app("shop", capComp("http", httpV2, "default", spreadScaler(1))),
			hosts: []ctl.HostInventory{host("N1"), withProvider(host("N2"), httpV1, "default", own("http", "default"))},
			want: []string{
				"StopProvider N2 VHTTPSERVER default wasmcloud:httpserver",
				"StartProvider N2 reg/httpserver:v2 default {trellis.dev/component=http,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name: "capability config is passed as JSON",
			app: func() *manifest.Application {
				a := app("shop", capComp("kv", kvV1, "default", spreadScaler(1)))
				a.Spec.Components[0].Properties.Config = map[string]any{"url": "redis://x", "db": 2}
				return a
			}(),
			hosts: []ctl.HostInventory{host("N1")},
			want: []string{
				"StartProvider N1 reg/kv:v1 default {trellis.dev/component=kv,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
		},
		{
			name: "link waits for both ends",
			app:  linked,
			hosts: []ctl.HostInventory{withActor(host("N1"), echoV1, 1, own("echo", "default")),
				withProvider(host("N2"), httpV1, "default", nil)},
			want: []string{
				"StartProvider N1 reg/httpserver:v1 default {trellis.dev/component=http,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
			},
			status: []string{`echo Reconciling link to "http": waiting for both ends to run`, "http Reconciling"},
		},
		{
			name:   "link put once both ends run",
			app:    linked,
			hosts:  running,
			want:   []string{"PutLink MECHO wasmcloud:httpserver default -> VHTTPSERVER {port=8080}"},
			status: []string{`echo Reconciling link to "http": putting it`, "http Deployed"},
		},
		{
			name:   "link present: deployed",
			app:    linked,
			hosts:  running,
			links:  []ctl.LinkDefinition{link},
			status: []string{"echo Deployed", "http Deployed"},
		},
		{
			name:  "link replaced when values change",
			app:   linked,
			hosts: running,
			links: []ctl.LinkDefinition{{ActorID: "MECHO", ProviderID: "VHTTPSERVER", ContractID: "wasmcloud:httpserver",
				LinkName: "default", Values: map[string]string{"port": "9090"}}},
			want: []string{"PutLink MECHO wasmcloud:httpserver default -> VHTTPSERVER {port=8080}"},
		},
		{
			name:  "linkdef removed: the app's link is deleted, others kept",
			app:   app("shop", actor("echo", echoV1, spreadScaler(1)), capComp("http", httpV1, "default", spreadScaler(1))),
			hosts: running,
			links: []ctl.LinkDefinition{link,
				{ActorID: "MECHO", ProviderID: "VOTHER", ContractID: "wasmcloud:other", LinkName: "default"},
				{ActorID: "MOTHER", ProviderID: "VHTTPSERVER", ContractID: "wasmcloud:httpserver", LinkName: "default"}},
			want: []string{"DeleteLink MECHO wasmcloud:httpserver default"},
		},
		{
			name:  "component removed from the manifest",
			app:   app("shop", actor("echo", echoV1, spreadScaler(1))),
			hosts: running,
			want:  []string{"StopProvider N1 VHTTPSERVER default wasmcloud:httpserver"},
			status: []string{"echo Deployed",
				"http Reconciling removed from the manifest"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obs := Observed{Hosts: tt.hosts, Links: tt.links}
			got := Compute(tt.app, "shop", obs)
			if g := strs(got.Commands); !slices.Equal(g, tt.want) {
				t.Fatalf("commands:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(tt.want, "\n"))
			}
			for _, c := range got.Commands {
				if c.Reason == "" || c.Component == "" {
					t.Errorf("%s: reason %q, component %q", c, c.Reason, c.Component)
				}
			}
			if tt.reason != "" && !strings.Contains(got.Commands[0].Reason, tt.reason) {
				t.Errorf("reason %q does not say %q", got.Commands[0].Reason, tt.reason)
			}
			checkStatus(t, got.Status, tt.status)
			if again := Compute(tt.app, "shop", obs); !reflect.DeepEqual(again, got) {
				t.Fatalf("not deterministic")
			}
		})
	}
}

// checkStatus checks each "component State message-substring" expectation.
func checkStatus(t *testing.T, got []ComponentStatus, want []string) {
	t.Helper()
	for _, w := range want {
		parts := strings.SplitN(w, " ", 3)
		i := slices.IndexFunc(got, func(s ComponentStatus) bool { return s.Component == parts[0] })
		if i < 0 {
			t.Errorf("no status for %s in %+v", parts[0], got)
			continue
		}
		s := got[i]
		if string(s.State) != parts[1] || len(parts) == 3 && !strings.Contains(s.Message, parts[2]) {
			t.Errorf("status %+v, want %q", s, w)
		}
	}
}

func TestConfigJSON(t *testing.T) {
	a := app("shop", capComp("kv", kvV1, "default", spreadScaler(1)))
	a.Spec.Components[0].Properties.Config = map[string]any{"url": "redis://x", "db": 2}
	p := Compute(a, "shop", Observed{Hosts: []ctl.HostInventory{host("N1")}})
	if got := p.Commands[0].StartProvider.Config; got != `{"db":2,"url":"redis://x"}` {
		t.Fatalf("config %q", got)
	}
	a.Spec.Components[0].Properties.Config = nil
	p = Compute(a, "shop", Observed{Hosts: []ctl.HostInventory{host("N1")}})
	if got := p.Commands[0].StartProvider.Config; got != "" {
		t.Fatalf("config %q, want empty", got)
	}
}

func TestUndeploy(t *testing.T) {
	own := func(comp string) map[string]string { return owner("shop", comp, "default") }
	hosts := []ctl.HostInventory{
		withProvider(withActor(withActor(host("N1"), echoV1, 2, own("echo")), kvV1, 1, nil), httpV1, "default", own("http")),
		withProvider(withActor(host("N2"), echoV1, 1, owner("other", "echo", "default")), httpV1, "default", owner("other", "http", "default")),
		withProvider(withActor(host("N3"), echoV1, 3, own("echo")), kvV1, "default", nil),
	}
	links := []ctl.LinkDefinition{
		{ActorID: "MECHO", ProviderID: "VHTTPSERVER", ContractID: "wasmcloud:httpserver", LinkName: "default"},
		{ActorID: "MECHO", ProviderID: "VKV", ContractID: "wasmcloud:kv", LinkName: "default"},
		{ActorID: "MKV", ProviderID: "VHTTPSERVER", ContractID: "wasmcloud:httpserver", LinkName: "default"},
	}
	s := &sim{obs: Observed{Hosts: hosts, Links: links}, app: "shop"}
	p := Compute(nil, "shop", s.obs)
	want := []string{
		"DeleteLink MECHO wasmcloud:httpserver default",
		"StopActor N1 MECHO x2 {trellis.dev/component=echo,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
		"StopActor N3 MECHO x3 {trellis.dev/component=echo,trellis.dev/spread=default,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
		"StopProvider N1 VHTTPSERVER default wasmcloud:httpserver",
	}
	if g := strs(p.Commands); !slices.Equal(g, want) {
		t.Fatalf("commands:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(want, "\n"))
	}
	checkStatus(t, p.Status, []string{"echo Reconciling", "http Reconciling"})
	if err := s.apply(p.Commands); err != nil {
		t.Fatal(err)
	}
	if p := Compute(nil, "shop", s.obs); len(p.Commands) != 0 || len(p.Status) != 0 {
		t.Fatalf("after undeploy: %v %v", strs(p.Commands), p.Status)
	}
	if n := len(s.obs.Links); n != 2 {
		t.Fatalf("%d links left, want the 2 that are not the app's", n)
	}
	if c := counts(s.obs, "other", "echo"); c["N2"] != 1 {
		t.Fatalf("other app's instance touched: %v", c)
	}
}

func TestHostLost(t *testing.T) {
	a := app("shop", actor("echo", echoV1, spreadScaler(6,
		spread("zone-a", 50, "zone=a"), spread("zone-b", 30, "zone=b"), spread("zone-c", 20, "zone=c"))))
	s := &sim{obs: Observed{Hosts: append(zones3(), host("N4", "zone=b"), host("N5", "zone=a"))}}
	converge(t, s, a, "shop")
	if got, want := counts(s.obs, "shop", "echo"), map[string]int{"N1": 2, "N2": 1, "N3": 1, "N4": 1, "N5": 1}; !reflect.DeepEqual(got, want) {
		t.Fatalf("placed %v, want %v", got, want)
	}
	// Lose N1 (zone=a) and N2 (zone=b): their shares go to N5 and N4.
	s.obs.Hosts = slices.DeleteFunc(s.obs.Hosts, func(h ctl.HostInventory) bool { return h.HostID == "N1" || h.HostID == "N2" })
	p := Compute(a, "shop", s.obs)
	want := []string{
		"StartActor N5 reg/echo:v1 x2 {trellis.dev/component=echo,trellis.dev/spread=zone-a,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
		"StartActor N4 reg/echo:v1 x1 {trellis.dev/component=echo,trellis.dev/spread=zone-b,wasmcloud.dev/appspec=shop,wasmcloud.dev/managed-by=trellis}",
	}
	if g := strs(p.Commands); !slices.Equal(g, want) {
		t.Fatalf("commands:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(want, "\n"))
	}
	converge(t, s, a, "shop")
	// Lose every zone=c host: the spread fails and nothing else moves.
	s.obs.Hosts = slices.DeleteFunc(s.obs.Hosts, func(h ctl.HostInventory) bool { return h.HostID == "N3" })
	p = Compute(a, "shop", s.obs)
	if len(p.Commands) != 0 {
		t.Fatalf("commands %v", strs(p.Commands))
	}
	checkStatus(t, p.Status, []string{`echo Failed spread "zone-c": no host has labels zone=c`})
}

// converge plans and applies until the plan is empty and returns how many rounds had
// commands; it fails the test after 3.
func converge(t testing.TB, s *sim, a *manifest.Application, name string) int {
	t.Helper()
	s.app = name
	for round := 0; ; round++ {
		p := Compute(a, name, s.obs)
		if len(p.Commands) == 0 {
			return round
		}
		if round == 3 {
			t.Fatalf("no convergence after 3 rounds; still:\n%s", strings.Join(strs(p.Commands), "\n"))
		}
		if err := s.apply(p.Commands); err != nil {
			t.Fatalf("round %d: %v", round+1, err)
		}
	}
}

func TestRepository(t *testing.T) {
	for ref, want := range map[string]string{
		"reg/echo:v1":                  "reg/echo",
		"localhost:5000/echo:0.2.1":    "localhost:5000/echo",
		"localhost:5000/echo":          "localhost:5000/echo",
		"ghcr.io/x/echo@sha256:abcd":   "ghcr.io/x/echo",
		"ghcr.io/x/echo:v1@sha256:abc": "ghcr.io/x/echo",
		"file:///tmp/echo.wasm":        "file:///tmp/echo.wasm",
		"httpserver":                   "httpserver",
	} {
		if got := repository(ref); got != want {
			t.Errorf("repository(%q) = %q, want %q", ref, got, want)
		}
	}
}

// TestLatticeMatchesCompute checks that one index planned for many applications gives each
// the plan Compute gives, and that input order does not matter.
func TestLatticeMatchesCompute(t *testing.T) {
	s, apps := benchLattice(t)
	apps[3] = app("app3", actor("svc", "reg/svc3:v2", spreadScaler(7)))
	lat := NewLattice(s.obs)
	r := rand.New(rand.NewPCG(3, 4))
	shuffled := shuffle(r, s.obs)
	for _, a := range apps {
		want := Compute(a, a.Metadata.Name, s.obs)
		if got := lat.Plan(a, a.Metadata.Name); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: Lattice.Plan %v, Compute %v", a.Metadata.Name, strs(got.Commands), strs(want.Commands))
		}
		if got := Compute(a, a.Metadata.Name, shuffled); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: shuffled input %v, want %v", a.Metadata.Name, strs(got.Commands), strs(want.Commands))
		}
	}
	if p := lat.Plan(apps[3], "app3"); len(p.Commands) == 0 {
		t.Fatal("changed app: no commands")
	}
}

// shuffle returns obs with hosts, their actors, instances and providers, and links in random
// order, sharing nothing mutable with obs.
func shuffle(r *rand.Rand, obs Observed) Observed {
	out := Observed{Hosts: slices.Clone(obs.Hosts), Links: slices.Clone(obs.Links)}
	r.Shuffle(len(out.Hosts), func(i, j int) { out.Hosts[i], out.Hosts[j] = out.Hosts[j], out.Hosts[i] })
	r.Shuffle(len(out.Links), func(i, j int) { out.Links[i], out.Links[j] = out.Links[j], out.Links[i] })
	for i := range out.Hosts {
		h := &out.Hosts[i]
		h.Actors = slices.Clone(h.Actors)
		h.Providers = slices.Clone(h.Providers)
		r.Shuffle(len(h.Actors), func(i, j int) { h.Actors[i], h.Actors[j] = h.Actors[j], h.Actors[i] })
		r.Shuffle(len(h.Providers), func(i, j int) { h.Providers[i], h.Providers[j] = h.Providers[j], h.Providers[i] })
		for k := range h.Actors {
			in := slices.Clone(h.Actors[k].Instances)
			r.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
			h.Actors[k].Instances = in
		}
	}
	return out
}
