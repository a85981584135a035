package natsd

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// startServer starts a server for cfg and shuts it down when the test ends.
func startServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	s, err := Start(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	return s
}

// connect opens an in-process connection closed when the test ends.
func connect(t *testing.T, s *Server) *nats.Conn {
	t.Helper()
	nc, err := s.Connect()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// eventually polls cond every 10 ms until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func kvPutGet(t *testing.T, nc *nats.Conn, bucket, key, value string) {
	t.Helper()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	kv, err := js.CreateKeyValue(t.Context(), jetstream.KeyValueConfig{Bucket: bucket, Storage: jetstream.FileStorage})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kv.PutString(t.Context(), key, value); err != nil {
		t.Fatal(err)
	}
	kvGet(t, nc, bucket, key, value)
}

func kvGet(t *testing.T, nc *nats.Conn, bucket, key, want string) {
	t.Helper()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	kv, err := js.KeyValue(t.Context(), bucket)
	if err != nil {
		t.Fatal(err)
	}
	e, err := kv.Get(t.Context(), key)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(e.Value()); got != want {
		t.Fatalf("%s/%s = %q, want %q", bucket, key, got, want)
	}
}

func TestJetStreamKVInProcess(t *testing.T) {
	s := startServer(t, Config{ServerName: "kv", JetStream: true, DataDir: t.TempDir()})
	if s.ClientURL() != "" {
		t.Errorf("in-process server has client URL %q", s.ClientURL())
	}
	if !s.Ready() {
		t.Error("Ready() = false after Start")
	}
	kvPutGet(t, connect(t, s), "KVTEST", "greeting", "hello")
	s.Shutdown()
	if s.Ready() {
		t.Error("Ready() = true after Shutdown")
	}
}

func TestClientListener(t *testing.T) {
	s := startServer(t, Config{Port: RandomPort})
	if !strings.HasPrefix(s.ClientURL(), "nats://127.0.0.1:") || strings.HasSuffix(s.ClientURL(), ":4222") {
		t.Fatalf("ClientURL() = %q, want a random loopback port", s.ClientURL())
	}
	nc, err := nats.Connect(s.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
}

func TestRestartKeepsJetStreamData(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{ServerName: "restart", JetStream: true, DataDir: dir}
	s, err := Start(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	nc, err := s.Connect()
	if err != nil {
		t.Fatal(err)
	}
	kvPutGet(t, nc, "PERSIST", "k", "v1")
	nc.Close()
	s.Shutdown()

	s = startServer(t, cfg)
	kvGet(t, connect(t, s), "PERSIST", "k", "v1")
}

func TestClusterRoutesMessages(t *testing.T) {
	seed := startServer(t, Config{ServerName: "n1", Port: RandomPort, ClusterPort: RandomPort})
	if !strings.HasPrefix(seed.ClusterURL(), "nats-route://127.0.0.1:") {
		t.Fatalf("ClusterURL() = %q", seed.ClusterURL())
	}
	n2 := startServer(t, Config{ServerName: "n2", Port: RandomPort, ClusterPort: RandomPort, Routes: []string{seed.ClusterURL()}})
	n3 := startServer(t, Config{ServerName: "n3", Port: RandomPort, ClusterPort: RandomPort, Routes: []string{seed.ClusterURL()}})
	for _, s := range []*Server{seed, n2, n3} {
		eventually(t, "full route mesh", func() bool { return s.ns.NumRoutes() >= 2 })
	}

	sub, err := connect(t, n3).SubscribeSync("cluster.test")
	if err != nil {
		t.Fatal(err)
	}
	pub := connect(t, seed)
	// Interest propagates over routes asynchronously: publish until the subscriber sees one.
	eventually(t, "message from node 1 on node 3", func() bool {
		if err := pub.Publish("cluster.test", []byte("hi")); err != nil {
			t.Fatal(err)
		}
		m, err := sub.NextMsg(20 * time.Millisecond)
		return err == nil && string(m.Data) == "hi"
	})
}

func TestLeafNodeRequestReply(t *testing.T) {
	hub := startServer(t, Config{ServerName: "hub", LeafPort: RandomPort})
	if !strings.HasPrefix(hub.LeafURL(), "nats-leaf://127.0.0.1:") {
		t.Fatalf("LeafURL() = %q", hub.LeafURL())
	}
	leaf := startServer(t, Config{ServerName: "leaf", LeafRemotes: []LeafRemote{{URL: hub.LeafURL()}}})
	eventually(t, "leaf connection", func() bool { return hub.ns.NumLeafNodes() == 1 })

	_, err := connect(t, leaf).Subscribe("leaf.echo", func(m *nats.Msg) { _ = m.Respond(append([]byte("echo "), m.Data...)) })
	if err != nil {
		t.Fatal(err)
	}
	client := connect(t, hub)
	var reply *nats.Msg
	eventually(t, "reply from the leaf", func() bool {
		reply, err = client.Request("leaf.echo", []byte("ping"), 100*time.Millisecond)
		return err == nil
	})
	if string(reply.Data) != "echo ping" {
		t.Fatalf("reply %q, want %q", reply.Data, "echo ping")
	}
}

func TestPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	for _, cfg := range []Config{{Port: port}, {Port: RandomPort, ClusterPort: port}, {LeafPort: port}} {
		_, err := Start(t.Context(), cfg)
		want := fmt.Sprintf("listen 127.0.0.1:%d: address already in use", port)
		if !errors.Is(err, syscall.EADDRINUSE) || !strings.Contains(fmt.Sprint(err), want) {
			t.Errorf("Start(%+v) error = %v, want one containing %q", cfg, err, want)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string // substring of the error; "" for valid
	}{
		{"zero value", Config{}, ""},
		{"jetstream with data dir", Config{JetStream: true, DataDir: "/tmp/x"}, ""},
		{"cluster", Config{Port: RandomPort, ClusterPort: RandomPort, Routes: []string{"nats-route://127.0.0.1:6222"}}, ""},
		{"port too small", Config{Port: -2}, "port -2 out of range"},
		{"port too large", Config{LeafPort: 70000}, "leaf port 70000 out of range"},
		{"jetstream without dir", Config{JetStream: true}, "needs a data directory"},
		{"routes without cluster port", Config{Routes: []string{"nats-route://a:1"}}, "routes need a cluster port"},
		{"clustered jetstream without name", Config{Port: 1, JetStream: true, DataDir: "d", ClusterPort: RandomPort}, "needs a server name"},
		{"cluster without client listener", Config{ClusterPort: RandomPort}, "needs a client listener"},
		{"bad route", Config{Port: RandomPort, ClusterPort: RandomPort, Routes: []string{"http://x:1"}}, "want nats-route://host:port"},
		{"bad leaf remote", Config{LeafRemotes: []LeafRemote{{URL: "::"}}}, "leaf remote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg.withDefaults()
			err := cfg.Validate()
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLogsGoToSlog(t *testing.T) {
	var buf syncBuffer
	startServer(t, Config{ServerName: "logged", Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	if out := buf.String(); !strings.Contains(out, "component=nats-server") || !strings.Contains(out, "server=logged") ||
		!strings.Contains(out, "Server is ready") {
		t.Fatalf("log output lacks the server's ready line:\n%s", out)
	}
}

func TestFatalDoesNotExit(t *testing.T) {
	l := &slogLogger{log: slog.New(slog.DiscardHandler)}
	l.Fatalf("boom %d", 1)
	l.Fatalf("second")
	if err := l.fatalErr(); err == nil || err.Error() != "boom 1" {
		t.Fatalf("fatalErr() = %v, want the first fatal line", err)
	}
}

// syncBuffer is a bytes.Buffer safe for the server's concurrent log calls.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
