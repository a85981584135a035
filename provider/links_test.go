package provider

import (
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/ctl"
)

func TestPlan(t *testing.T) {
	a := link(actorPK, map[string]string{"k": "1"})
	a2 := link(actorPK, map[string]string{"k": "2"})
	tests := []struct {
		name     string
		active   ctl.LinkDefinition
		had      bool
		change   linkChange
		wantCall bool
		wantDel  bool
		wantK    string
	}{
		{"new link", ctl.LinkDefinition{}, false, linkChange{ld: a}, true, false, "1"},
		{"same values", a, true, linkChange{ld: a}, false, false, ""},
		{"new values", a, true, linkChange{ld: a2}, true, false, "2"},
		{"delete active", a, true, linkChange{del: true, ld: a2}, true, true, "1"},
		{"delete unknown", ctl.LinkDefinition{}, false, linkChange{del: true, ld: a}, false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call, ok := plan(tt.active, tt.had, tt.change)
			if ok != tt.wantCall || ok && (call.del != tt.wantDel || call.ld.Values["k"] != tt.wantK) {
				t.Errorf("plan = %+v, %v", call, ok)
			}
		})
	}
}

func TestLinkCodec(t *testing.T) {
	for _, ld := range []ctl.LinkDefinition{
		link(actorPK, map[string]string{"PORT": "8080", "address": "0.0.0.0"}),
		{ID: "ABC", ActorID: actorPK, ProviderID: providerPK, LinkName: "l", ContractID: "c", Values: map[string]string{}},
	} {
		got, err := DecodeLink(AppendLink(nil, ld))
		if err != nil || !reflect.DeepEqual(got, ld) {
			t.Errorf("round trip of %+v: %+v, %v", ld, got, err)
		}
	}
	// nil values and an unknown key are tolerated.
	b := codec.AppendMapHeader(nil, 6)
	for _, kv := range [][2]string{{"actor_id", "M"}, {"provider_id", "V"}, {"link_name", "l"}, {"contract_id", "c"}, {"extra", "x"}} {
		b = codec.AppendString(codec.AppendString(b, kv[0]), kv[1])
	}
	b = append(codec.AppendString(b, "values"), msgpackNil)
	if got, err := DecodeLink(b); err != nil || got.Values != nil || got.ActorID != "M" {
		t.Errorf("nil values: %+v, %v", got, err)
	}
	if _, err := DecodeLink(AppendLink(nil, ctl.LinkDefinition{ActorID: "M"})); err == nil || !strings.Contains(err.Error(), "required") {
		t.Errorf("missing fields: %v", err)
	}
	if _, err := DecodeLink([]byte{0x81}); err == nil {
		t.Error("truncated map accepted")
	}
}

func FuzzDecodeLink(f *testing.F) {
	f.Add(AppendLink(nil, link(actorPK, map[string]string{"k": "v"})))
	f.Add([]byte{0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		ld, err := DecodeLink(b)
		if err != nil {
			return
		}
		again, err := DecodeLink(AppendLink(nil, ld))
		if err != nil || again.ActorID != ld.ActorID || len(again.Values) != len(ld.Values) {
			t.Fatalf("re-encoding %+v: %+v, %v", ld, again, err)
		}
	})
}

// syncBuffer is a strings.Builder safe for a writer and a reader in different goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
