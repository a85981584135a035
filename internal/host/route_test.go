package host

import (
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/wasmrt"
)

type fakeDir struct {
	links   []ctl.LinkDefinition
	aliases map[string]string
}

func (d fakeDir) Link(actor, contract, link string) (ctl.LinkDefinition, bool) {
	for _, l := range d.links {
		if l.ActorID == actor && l.ContractID == contract && l.LinkName == link {
			return l, true
		}
	}
	return ctl.LinkDefinition{}, false
}

func (d fakeDir) ResolveAlias(alias string) (string, bool) {
	k, ok := d.aliases[alias]
	return k, ok
}

func TestRoute(t *testing.T) {
	const (
		me    = "MAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		other = "MBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
		prov  = "VCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"
	)
	kv := ctl.LinkDefinition{ActorID: me, ProviderID: prov, ContractID: "wasmcloud:keyvalue", LinkName: "default"}
	dir := fakeDir{links: []ctl.LinkDefinition{kv}, aliases: map[string]string{"examples/ponger": other, "chat/channel_telnet": other}}
	withCaps := &wasmrt.Identity{PublicKey: me, Caps: []string{"wasmcloud:keyvalue", BuiltinLogging}}
	noCaps := &wasmrt.Identity{PublicKey: me}

	tests := []struct {
		name       string
		caller     *wasmrt.Identity
		binding    string
		namespace  string
		want       Target
		wantErrSub string
	}{
		{"builtin allowed", withCaps, "default", BuiltinLogging, Target{Kind: TargetBuiltin, Contract: BuiltinLogging}, ""},
		{"builtin without claim", withCaps, "default", BuiltinNumbergen, Target{}, "Invocation not authorized: missing capability claim for wasmcloud:builtin:numbergen"},
		{"provider by link", withCaps, "default", "wasmcloud:keyvalue", Target{Kind: TargetProvider, Contract: "wasmcloud:keyvalue", Link: kv}, ""},
		{"provider without claim", noCaps, "default", "wasmcloud:keyvalue", Target{}, "missing capability claim for wasmcloud:keyvalue"},
		{"other link name has no link", withCaps, "cache", "wasmcloud:keyvalue", Target{}, `missing link definition for wasmcloud:keyvalue on lat (actor ` + me + `, link name "cache")`},
		{"actor by key", noCaps, "", other, Target{Kind: TargetActor, ActorKey: other}, ""},
		{"actor by alias", noCaps, "", "examples/ponger", Target{Kind: TargetActor, ActorKey: other}, ""},
		{"actor by alias as written before normalisation", noCaps, "", "chat/channel-telnet", Target{Kind: TargetActor, ActorKey: other}, ""},
		{"legacy alias call with default binding", noCaps, "default", "examples/ponger", Target{Kind: TargetActor, ActorKey: other}, ""},
		{"unknown alias", noCaps, "", "examples/nobody", Target{}, "Call alias not found: examples/nobody on lat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Route(tt.caller, tt.binding, tt.namespace, "lat", dir)
			if tt.wantErrSub != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErrSub) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErrSub)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Kind != tt.want.Kind || got.Contract != tt.want.Contract || got.ActorKey != tt.want.ActorKey || got.Link.ProviderID != tt.want.Link.ProviderID {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
