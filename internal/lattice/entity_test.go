package lattice

import (
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/ctl"
)

func TestEntityURL(t *testing.T) {
	tests := []struct {
		name    string
		e       Entity
		url     string
		isActor bool
		subject string
	}{
		{"actor", ActorEntity(actorPK), "wasmbus://" + actorPK, true, "wasmbus.rpc.default." + actorPK},
		{"lower-case actor key", ActorEntity("mabc"), "wasmbus://mabc", true, "wasmbus.rpc.default.mabc"},
		{"provider", ProviderEntity(providerPK, "wasmcloud:messaging", "default"),
			"wasmbus://wasmcloud/messaging/default/" + providerPK, false, "wasmbus.rpc.default." + providerPK + ".default"},
		{"provider with spaces and capitals", ProviderEntity(providerPK, "Acme:Key Value", "Blue Link"),
			"wasmbus://acme/key_value/blue_link/" + providerPK, false, "wasmbus.rpc.default." + providerPK + ".Blue Link"},
		{"empty", Entity{}, "wasmbus:////", false, "wasmbus.rpc.default.."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.URL(); got != tt.url {
				t.Errorf("URL() = %q, want %q", got, tt.url)
			}
			if got := tt.e.IsActor(); got != tt.isActor {
				t.Errorf("IsActor() = %v, want %v", got, tt.isActor)
			}
			if got := tt.e.Subject("default"); got != tt.subject {
				t.Errorf("Subject() = %q, want %q", got, tt.subject)
			}
		})
	}
	if got := TargetURL(ProviderEntity(providerPK, "wasmcloud:messaging", "default"), "Messaging.Publish"); got !=
		"wasmbus://wasmcloud/messaging/default/"+providerPK+"/Messaging.Publish" {
		t.Errorf("TargetURL = %q", got)
	}
}

func TestSubjects(t *testing.T) {
	for got, want := range map[string]string{
		ActorSubject("prod", actorPK):                    "wasmbus.rpc.prod." + actorPK,
		ProviderSubject("prod", providerPK, "blue"):      "wasmbus.rpc.prod." + providerPK + ".blue",
		EventSubject("prod"):                             "wasmbus.evt.prod",
		RPCEventSubject("prod"):                          "wasmbus.rpcevt.prod",
		ctl.MetadataBucket("prod"):                       "LATTICEDATA_prod",
		ctl.RefmapKey("wasmcloud.azurecr.io/echo:0.3.4"): "REFMAP_d2FzbWNsb3VkLmF6dXJlY3IuaW8vZWNobzowLjMuNA",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestValidateLatticeName(t *testing.T) {
	tests := []struct {
		name, want string // want: substring of the error, "" if valid
	}{
		{"default", ""},
		{"prod-eu_1", ""},
		{"", "empty"},
		{"a.b", `'.' not allowed`},
		{"a*", `'*' not allowed`},
		{"a>", `'>' not allowed`},
		{"a b", `' ' not allowed`},
		{"a\tb", `'\t' not allowed`},
		{"a\u00a0b", `'\u00a0' not allowed`},
	}
	for _, tt := range tests {
		err := ValidateLatticeName(tt.name)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("ValidateLatticeName(%q) = %v, want %q", tt.name, err, tt.want)
		}
	}
}
