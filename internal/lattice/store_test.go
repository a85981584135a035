package lattice

import (
	"context"
	"encoding/json"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/trellis-lattice/trellis/ctl"
)

// watchedStore opens lattice's store on js and watches it until the test ends.
func watchedStore(t *testing.T, js jetstream.JetStream, lattice string, before ...func(*Store)) *Store {
	t.Helper()
	s, err := OpenStore(t.Context(), js, lattice, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, fn := range before {
		fn(s)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Watch(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch: %v", err)
		}
	})
	if err := s.WaitSynced(t.Context()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.Ready():
	default:
		t.Fatal("Ready() not closed after WaitSynced")
	}
	return s
}

// linkLog records OnLinkChange calls.
type linkLog struct {
	mu      sync.Mutex
	changes []string
}

func (l *linkLog) record(old, new *ctl.LinkDefinition) {
	describe := func(ld *ctl.LinkDefinition) string {
		if ld == nil {
			return "nil"
		}
		return ld.LinkName + "=" + ld.Values["v"]
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.changes = append(l.changes, describe(old)+"→"+describe(new))
}

func (l *linkLog) get() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.changes...)
}

func link(name, value string) ctl.LinkDefinition {
	return ctl.LinkDefinition{ActorID: actorPK, ProviderID: providerPK, ContractID: "wasmcloud:keyvalue", LinkName: name,
		Values: map[string]string{"v": value}}
}

func TestStoreSharedBetweenConnections(t *testing.T) {
	srv := startNATS(t, 0)
	lattice := latticeName(t)
	_, js1 := connect(t, srv)
	_, js2 := connect(t, srv)
	var log linkLog
	s1 := watchedStore(t, js1, lattice)
	s2 := watchedStore(t, js2, lattice, func(s *Store) { s.OnLinkChange(log.record) })
	ctx := t.Context()

	steps := []struct {
		name   string
		do     func() error
		change string // the change s2 reports, "" for none
	}{
		{"add", func() error { return s1.PutLink(ctx, link("default", "1")) }, "nil→default=1"},
		{"same again", func() error { return s1.PutLink(ctx, link("default", "1")) }, ""},
		{"update", func() error { return s1.PutLink(ctx, link("default", "2")) }, "default=1→default=2"},
		{"second link", func() error { return s1.PutLink(ctx, link("blue", "b")) }, "nil→blue=b"},
		{"delete", func() error { return s1.DeleteLink(ctx, actorPK, "wasmcloud:keyvalue", "default") }, "default=2→nil"},
		{"delete missing", func() error { return s1.DeleteLink(ctx, actorPK, "wasmcloud:keyvalue", "nope") }, ""},
		{"marker", func() error { return s1.PutLink(ctx, link("marker", "m")) }, "nil→marker=m"},
	}
	var want []string
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if st.change != "" {
			want = append(want, st.change)
			eventually(t, "s2 to see "+st.name, func() bool { return len(log.get()) >= len(want) })
		}
	}
	if got := log.get(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("s2 link changes:\n got %v\nwant %v", got, want)
	}
	for _, s := range []*Store{s1, s2} {
		eventually(t, "both stores to agree", func() bool { return len(s.Links()) == 2 })
		got, ok := s.Link(actorPK, "wasmcloud:keyvalue", "blue")
		if want := link("blue", "b"); !ok || got.ID != want.ComputeID() || !maps.Equal(got.Values, want.Values) {
			t.Fatalf("Link(blue) = %+v, %v", got, ok)
		}
		if _, ok := s.Link(actorPK, "wasmcloud:keyvalue", "default"); ok {
			t.Fatal("deleted link still cached")
		}
	}

	version := "0.1.0"
	c := ctl.Claims{Subject: actorPK, Issuer: "AISSUER", Name: "echo", Caps: "wasmcloud:httpserver", Revision: "3", Version: &version}
	if err := s1.PutClaims(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := s1.PutRefMap(ctx, "registry.example/echo:0.1.0", actorPK); err != nil {
		t.Fatal(err)
	}
	eventually(t, "s2 to see claims and ref map", func() bool {
		_, okc := s2.Claims(actorPK)
		_, okr := s2.RefMap("registry.example/echo:0.1.0")
		return okc && okr
	})
	if got, _ := s2.Claims(actorPK); got.Name != "echo" || *got.Version != version || len(s2.AllClaims()) != 1 {
		t.Fatalf("claims %+v, all %v", got, s2.AllClaims())
	}
	if pk, _ := s2.RefMap("registry.example/echo:0.1.0"); pk != actorPK {
		t.Fatalf("RefMap = %q", pk)
	}
}

func TestStoreLateJoiner(t *testing.T) {
	srv := startNATS(t, 0)
	lattice := latticeName(t)
	_, js1 := connect(t, srv)
	writer, err := OpenStore(t.Context(), js1, lattice, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for _, name := range []string{"a", "b", "c"} {
		if err := writer.PutLink(ctx, link(name, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := writer.DeleteLink(ctx, actorPK, "wasmcloud:keyvalue", "b"); err != nil {
		t.Fatal(err)
	}
	if err := writer.PutClaims(ctx, ctl.Claims{Subject: actorPK, CallAlias: "echo"}); err != nil {
		t.Fatal(err)
	}
	if err := writer.PutRefMap(ctx, "ref", actorPK); err != nil {
		t.Fatal(err)
	}

	_, js2 := connect(t, srv)
	var log linkLog
	late := watchedStore(t, js2, lattice, func(s *Store) { s.OnLinkChange(log.record) })
	// No polling: WaitSynced promises the replay is complete.
	var names []string
	for _, l := range late.Links() {
		names = append(names, l.LinkName+"="+l.Values["v"])
	}
	if len(names) != 2 || !strings.Contains(strings.Join(names, ","), "a=a") || !strings.Contains(strings.Join(names, ","), "c=c") {
		t.Fatalf("late joiner links %v, want a and c", names)
	}
	if pk, ok := late.ResolveAlias("echo"); !ok || pk != actorPK {
		t.Fatalf("ResolveAlias(echo) = %q, %v", pk, ok)
	}
	if _, ok := late.RefMap("ref"); !ok {
		t.Fatal("ref map missing")
	}
	if err := writer.PutLink(ctx, link("d", "d")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "live change", func() bool { return len(log.get()) > 0 })
	if got := log.get(); len(got) != 1 || got[0] != "nil→d=d" {
		t.Fatalf("changes %v: the replay must not be reported, the live put must", got)
	}
}

func TestStoreDeleteOperations(t *testing.T) {
	srv := startNATS(t, 0)
	nc, js := connect(t, srv)
	ctx := t.Context()
	rawDelete := func(header, op string) func(s *Store, key string) error {
		return func(s *Store, key string) error {
			m := &nats.Msg{Subject: "$KV." + ctl.MetadataBucket(s.lattice) + "." + key, Header: nats.Header{header: []string{op}}}
			reply, err := nc.RequestMsg(m, 2*time.Second)
			if err == nil && !strings.Contains(string(reply.Data), `"seq"`) {
				t.Fatalf("no JetStream ack: %s", reply.Data)
			}
			return err
		}
	}
	tests := []struct {
		name string
		del  func(s *Store, key string) error
	}{
		{"DeleteLink (DEL)", func(s *Store, _ string) error { return s.DeleteLink(ctx, actorPK, "wasmcloud:keyvalue", "default") }},
		{"KV purge", func(s *Store, key string) error { return s.kv.Purge(ctx, key) }},
		{"raw KV-Operation: PURGE (OTP host)", rawDelete("KV-Operation", "PURGE")},
		{"raw KV-Operation: DEL", rawDelete("KV-Operation", "DEL")},
		{"header in another case", rawDelete("kv-operation", "PURGE")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := watchedStore(t, js, latticeName(t))
			ld := link("default", "x")
			if err := s.PutLink(ctx, ld); err != nil {
				t.Fatal(err)
			}
			eventually(t, "link", func() bool { _, ok := s.Link(actorPK, "wasmcloud:keyvalue", "default"); return ok })
			if err := tt.del(s, linkKeyPrefix+ld.ComputeID()); err != nil {
				t.Fatal(err)
			}
			eventually(t, "link deleted", func() bool { return len(s.Links()) == 0 })
		})
	}
}

func TestAliasOwnership(t *testing.T) {
	srv := startNATS(t, 0)
	lattice := latticeName(t)
	_, js1 := connect(t, srv)
	_, js2 := connect(t, srv)
	s1, s2 := watchedStore(t, js1, lattice), watchedStore(t, js2, lattice)
	ctx := t.Context()
	put := func(pk, alias, rev string) {
		t.Helper()
		if err := s2.PutClaims(ctx, ctl.Claims{Subject: pk, CallAlias: alias, Revision: rev}); err != nil {
			t.Fatal(err)
		}
	}
	owner := func(stores []*Store, alias, want string) {
		t.Helper()
		for _, s := range stores {
			eventually(t, "alias owner "+want, func() bool {
				pk, ok := s.ResolveAlias(alias)
				return ok == (want != "") && pk == want
			})
		}
	}
	put(actorPK, "echo", "1")
	put(otherActorPK, "echo", "1")
	put(providerPK, "x", "1") // too short to be an alias
	owner([]*Store{s1, s2}, "echo", actorPK)
	_, js3 := connect(t, srv)
	owner([]*Store{watchedStore(t, js3, lattice)}, "echo", actorPK) // late joiner agrees

	put(actorPK, "echo", "2") // rewritten: its record is now newer than the other's
	owner([]*Store{s1, s2}, "echo", otherActorPK)
	put(otherActorPK, "", "2") // the other drops the alias
	owner([]*Store{s1, s2}, "echo", actorPK)
	if err := s1.kv.Delete(ctx, claimsKeyPrefix+actorPK); err != nil {
		t.Fatal(err)
	}
	owner([]*Store{s1, s2}, "echo", "")
	owner([]*Store{s1, s2}, "x", "")
}

func TestStoreIgnoresBadRecords(t *testing.T) {
	srv := startNATS(t, 0)
	_, js := connect(t, srv)
	s := watchedStore(t, js, latticeName(t))
	ctx := t.Context()
	wrongKey, err := json.Marshal(link("default", "x"))
	if err != nil {
		t.Fatal(err)
	}
	for key, value := range map[string][]byte{
		"LINKDEF_ABC":       []byte("{not json"),
		"LINKDEF_0000":      wrongKey,
		"CLAIMS_" + actorPK: []byte("[]"),
		"REFMAP_==":         []byte(`{"oci_url":"r","public_key":"k"}`),
		"UNRELATED_KEY":     []byte("anything"),
	} {
		if _, err := s.kv.Put(ctx, key, value); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutLink(ctx, link("marker", "m")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "marker link", func() bool { return len(s.Links()) > 0 })
	if links, all := s.Links(), s.AllClaims(); len(links) != 1 || len(all) != 0 {
		t.Fatalf("links %v, claims %v: bad records were cached", links, all)
	}
}

func TestStoreErrors(t *testing.T) {
	srv := startNATS(t, 0)
	_, js := connect(t, srv)
	if _, err := OpenStore(t.Context(), js, "bad.name", nil); err == nil {
		t.Fatal("OpenStore accepted a lattice name with a dot")
	}
	s, err := OpenStore(t.Context(), js, latticeName(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutLink(t.Context(), ctl.LinkDefinition{ActorID: actorPK}); err == nil {
		t.Fatal("PutLink accepted a link without provider, contract and link name")
	}
	if err := s.PutClaims(t.Context(), ctl.Claims{}); err == nil {
		t.Fatal("PutClaims accepted claims without subject")
	}
	if err := s.PutRefMap(t.Context(), "", actorPK); err == nil {
		t.Fatal("PutRefMap accepted an empty reference")
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := s.WaitSynced(ctx); err == nil {
		t.Fatal("WaitSynced without Watch returned nil on a cancelled context")
	}
	watched := watchedStore(t, js, latticeName(t))
	if err := watched.Watch(t.Context()); err == nil || !strings.Contains(err.Error(), "already watching") {
		t.Fatalf("second Watch: %v", err)
	}
}
