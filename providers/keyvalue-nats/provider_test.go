package keyvaluenats

import (
	"context"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/natsd"
	"github.com/trellis-lattice/trellis/providers/internal/kvstore/kvtest"
)

const actorPK = "MAQKGBIHR3XFBE42RLL3J6ETFDQCTJ7CK7WEWTGJXUCMJV5YPQNDSGJM"

var seq atomic.Int64

// startNATS starts an embedded JetStream server on port (natsd.RandomPort for any) in dir.
func startNATS(t *testing.T, port int, dir string) *natsd.Server {
	t.Helper()
	s, err := natsd.Start(t.Context(), natsd.Config{Port: port, JetStream: true, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	return s
}

func connect(t *testing.T, s *natsd.Server) *nats.Conn {
	t.Helper()
	nc, err := s.Connect()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func link(values map[string]string) ctl.LinkDefinition {
	return ctl.LinkDefinition{ActorID: actorPK, ProviderID: "VPROVIDER", LinkName: "default", ContractID: keyvalue.ContractID, Values: values}
}

// linked returns a provider on a fresh embedded server with actorPK linked to a bucket unique
// to the test, its Handle for actorPK, and the server connection.
func linked(t *testing.T) (*Provider, kvtest.Handler, *nats.Conn) {
	t.Helper()
	nc := connect(t, startNATS(t, natsd.RandomPort, t.TempDir()))
	p := NewWithNATS(nil, nc, fmt.Sprintf("test.%d", seq.Add(1)))
	ld := link(nil)
	if err := p.PutLink(t.Context(), ld); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return p, func(ctx context.Context, op string, payload []byte) ([]byte, error) {
		return p.Handle(ctx, actorPK, ld, op, payload)
	}, nc
}

func TestOperations(t *testing.T) {
	t.Parallel()
	_, h, _ := linked(t)
	kvtest.Run(t, h, "ops-")
}

func TestExpiry(t *testing.T) {
	t.Parallel()
	_, h, _ := linked(t)
	kvtest.Expiry(t, h, "exp-")
}

func TestConcurrentIncrement(t *testing.T) {
	t.Parallel()
	_, h, _ := linked(t)
	kvtest.Hammer(t, h, "hammer-")
}

func TestStorageLayout(t *testing.T) {
	t.Parallel()
	p, h, nc := linked(t)
	if _, err := h(t.Context(), keyvalue.OpIncrement, (&keyvalue.IncrementRequest{Key: "counter::a.b", Value: 3}).AppendMsg(nil)); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"b", "a"} {
		if _, err := h(t.Context(), keyvalue.OpSetAdd, (&keyvalue.SetAddRequest{SetName: "s", Value: v}).AppendMsg(nil)); err != nil {
			t.Fatal(err)
		}
		if _, err := h(t.Context(), keyvalue.OpListAdd, (&keyvalue.ListAddRequest{ListName: "l", Value: v}).AppendMsg(nil)); err != nil {
			t.Fatal(err)
		}
	}
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	kv, err := js.KeyValue(t.Context(), DefaultBucket(p.lattice))
	if err != nil {
		t.Fatal(err)
	}
	if got := DefaultBucket(p.lattice); !strings.HasPrefix(got, "TRELLIS_KV_test_") {
		t.Fatalf("default bucket %q", got)
	}
	for key, want := range map[string]string{"counter=3A=3Aa=2Eb": "3", "s": `["a","b"]`, "l": `["b","a"]`} {
		e, err := kv.Get(t.Context(), key)
		if err != nil || string(e.Value()) != want {
			t.Errorf("stored %s: %v; want %s", key, err, want)
		}
	}
	st, err := kv.Status(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if cfg := st.(*jetstream.KeyValueBucketStatus).StreamInfo().Config; !cfg.AllowMsgTTL || cfg.MaxMsgsPerSubject != 1 {
		t.Errorf("bucket config: AllowMsgTTL %v, history %d", cfg.AllowMsgTTL, cfg.MaxMsgsPerSubject)
	}
}

func TestEncodeKey(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "=",
		"plain-key_1/x":    "plain-key_1/x",
		"counter::foo:bar": "counter=3A=3Afoo=3Abar",
		"a.b =*>":          "a=2Eb=20=3D=2A=3E",
		"ü":                "=C3=BC",
	} {
		if got := encodeKey(in); got != want {
			t.Errorf("encodeKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLinkValues links two actors to one bucket by name and another to a second server by URL.
func TestLinkValues(t *testing.T) {
	t.Parallel()
	nc := connect(t, startNATS(t, natsd.RandomPort, t.TempDir()))
	other := startNATS(t, natsd.RandomPort, t.TempDir())
	p := NewWithNATS(nil, nc, "lv")
	defer p.Shutdown(context.Background())
	const actor2 = "MAK6EPLJKSPHHDWKPRCNZ6JQLHMF3QMU3NXWUSZHJZ4ZFDKBGO6S6ENN"
	l1 := link(map[string]string{"BUCKET": "shared"})
	l2 := ctl.LinkDefinition{ActorID: actor2, Values: map[string]string{"bucket": "shared"}}
	for _, ld := range []ctl.LinkDefinition{l1, l2} {
		if err := p.PutLink(t.Context(), ld); err != nil {
			t.Fatal(err)
		}
	}
	set := (&keyvalue.SetRequest{Key: "k", Value: "v"}).AppendMsg(nil)
	if _, err := p.Handle(t.Context(), actorPK, l1, keyvalue.OpSet, set); err != nil {
		t.Fatal(err)
	}
	got, err := p.Handle(t.Context(), actor2, l2, keyvalue.OpGet, codec.EncodeString("k"))
	if want := (&keyvalue.GetResponse{Value: "v", Exists: true}).AppendMsg(nil); err != nil || string(got) != string(want) {
		t.Fatalf("shared bucket: %x, %v", got, err)
	}

	// Re-link actor2 to the other server: its key is not there.
	if err := p.PutLink(t.Context(), link(nil)); err != nil {
		t.Fatal(err)
	}
	l2.Values = map[string]string{"url": other.ClientURL(), "bucket": "shared"}
	if err := p.PutLink(t.Context(), l2); err != nil {
		t.Fatal(err)
	}
	got, err = p.Handle(t.Context(), actor2, l2, keyvalue.OpGet, codec.EncodeString("k"))
	if want := (&keyvalue.GetResponse{}).AppendMsg(nil); err != nil || string(got) != string(want) {
		t.Fatalf("other server: %x, %v", got, err)
	}
	if err := p.Health(t.Context()); err != nil {
		t.Fatal(err)
	}

	err = p.PutLink(t.Context(), link(map[string]string{"bucket": "no.dots"}))
	if err == nil || !strings.Contains(err.Error(), `actor `+actorPK+`: invalid bucket value "no.dots"`) {
		t.Fatalf("bad bucket: %v", err)
	}
	err = p.PutLink(t.Context(), link(map[string]string{"URL": "nats://a b"}))
	if err == nil || !strings.Contains(err.Error(), `invalid URL value "nats://a b"`) {
		t.Fatalf("bad URL: %v", err)
	}
	_, err = p.Handle(t.Context(), "MNOLINK", ctl.LinkDefinition{}, keyvalue.OpGet, codec.EncodeString("k"))
	if err == nil || !strings.Contains(err.Error(), "no link for actor MNOLINK") {
		t.Fatalf("no link: %v", err)
	}
	if err := p.DeleteLink(t.Context(), l2); err != nil {
		t.Fatal(err)
	}
}

// TestBackendDown links to a server that stops and comes back on the same port and data.
func TestBackendDown(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv := startNATS(t, natsd.RandomPort, dir)
	url := srv.ClientURL()
	_, portStr, _ := net.SplitHostPort(strings.TrimPrefix(url, "nats://"))
	port, _ := strconv.Atoi(portStr)

	p := New(nil)
	defer p.Shutdown(context.Background())
	ld := link(map[string]string{"URL": url, "bucket": "down"})
	if err := p.PutLink(t.Context(), ld); err != nil {
		t.Fatal(err)
	}
	incr := (&keyvalue.IncrementRequest{Key: "n", Value: 1}).AppendMsg(nil)
	if _, err := p.Handle(t.Context(), actorPK, ld, keyvalue.OpIncrement, incr); err != nil {
		t.Fatal(err)
	}

	srv.Shutdown()
	var err error
	deadline := time.Now().Add(10 * time.Second)
	for {
		// An operation in flight as the server stops may time out instead.
		_, err = p.Handle(t.Context(), actorPK, ld, keyvalue.OpIncrement, incr)
		if err != nil && strings.Contains(err.Error(), "not connected") || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	want := "KeyValue.Increment: nats " + url + " bucket down: not connected"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("Increment with the server down: %v, want %q…", err, want)
	}
	herr := p.Health(t.Context())
	if herr == nil || !strings.Contains(herr.Error(), "actor "+actorPK+": nats "+url+" bucket down: not connected") {
		t.Fatalf("Health with the server down: %v", herr)
	}

	startNATS(t, port, dir)
	deadline = time.Now().Add(20 * time.Second)
	for p.Health(t.Context()) != nil {
		if time.Now().After(deadline) {
			t.Fatalf("Health did not recover: %v", p.Health(t.Context()))
		}
		time.Sleep(50 * time.Millisecond)
	}
	got, err := p.Handle(t.Context(), actorPK, ld, keyvalue.OpIncrement, incr)
	if err != nil || string(got) != string(codec.EncodeI32(2)) {
		t.Fatalf("Increment after recovery: %x, %v", got, err)
	}
}

// TestClosedPort links to a port nothing listens on.
func TestClosedPort(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := "nats://" + l.Addr().String()
	l.Close()
	p := New(nil)
	defer p.Shutdown(context.Background())
	ld := link(map[string]string{"URL": addr})
	if err := p.PutLink(t.Context(), ld); err != nil {
		t.Fatal(err)
	}
	_, err = p.Handle(t.Context(), actorPK, ld, keyvalue.OpGet, codec.EncodeString("k"))
	if err == nil || !strings.Contains(err.Error(), "KeyValue.Get: nats "+addr+" bucket TRELLIS_KV_: not connected") {
		t.Fatalf("Get: %v", err)
	}
	if err := p.Health(t.Context()); err == nil || !strings.Contains(err.Error(), "not connected") {
		t.Fatalf("Health: %v", err)
	}
}

// TestMachineNATS runs the operations against the NATS server of this machine
// (TRELLIS_NATS_URL, default nats://127.0.0.1:4222), whatever its version: servers before 2.11
// cannot expire single keys, and then a Set with an expiry fails saying so while everything
// else works.
func TestMachineNATS(t *testing.T) {
	url := os.Getenv("TRELLIS_NATS_URL")
	if url == "" {
		url = "nats://127.0.0.1:4222"
	}
	nc, err := nats.Connect(url, nats.Timeout(2*time.Second))
	if err != nil {
		if os.Getenv("TRELLIS_REQUIRE_SERVICES") == "1" {
			t.Fatalf("NATS at %s is required (TRELLIS_REQUIRE_SERVICES=1) but unreachable: %v", url, err)
		}
		t.Skipf("NATS at %s (TRELLIS_NATS_URL or the default) is unreachable: %v", url, err)
	}
	defer nc.Close()
	bucket := fmt.Sprintf("trellis_test_%d_%d", os.Getpid(), time.Now().UnixNano())
	p := NewWithNATS(nil, nc, "machine")
	ld := link(map[string]string{"bucket": bucket})
	if err := p.PutLink(t.Context(), ld); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = p.Shutdown(context.Background())
		if js, err := jetstream.New(nc); err == nil {
			_ = js.DeleteKeyValue(context.Background(), bucket)
		}
	}()
	h := func(op string, payload []byte) ([]byte, error) {
		return p.Handle(t.Context(), actorPK, ld, op, payload)
	}
	if _, err := h(keyvalue.OpIncrement, (&keyvalue.IncrementRequest{Key: "n", Value: 2}).AppendMsg(nil)); err != nil {
		t.Fatal(err)
	}
	out, err := h(keyvalue.OpGet, codec.EncodeString("n"))
	if want := (&keyvalue.GetResponse{Value: "2", Exists: true}).AppendMsg(nil); err != nil || string(out) != string(want) {
		t.Fatalf("Get: %x %v", out, err)
	}
	_, err = h(keyvalue.OpSet, (&keyvalue.SetRequest{Key: "e", Value: "v", Expires: 60}).AppendMsg(nil))
	if err != nil && !strings.Contains(err.Error(), "does not allow per-key TTLs") {
		t.Fatalf("Set with expiry: %v", err)
	}
	t.Logf("server %s: Set with expiry: %v", nc.ConnectedServerVersion(), err)
}
