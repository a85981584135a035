package host

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/provider"
	httpprov "github.com/trellis-lattice/trellis/providers/httpserver"
)

// benchHosts starts n hosts in a fresh lattice.
func benchHosts(b *testing.B, n int) []*Host {
	l := newTestLattice(b)
	hosts := make([]*Host, n)
	for i := range hosts {
		hosts[i] = l.host(nil)
	}
	return hosts
}

// BenchmarkRawNATSRequest is the baseline: request/reply of a 1-byte payload over loopback TCP
// through the same embedded server the hosts use.
func BenchmarkRawNATSRequest(b *testing.B) {
	l := newTestLattice(b)
	responder, requester := l.conn(), l.conn()
	sub, err := responder.Subscribe("bench.echo", func(m *nats.Msg) { _ = m.Respond(m.Data) })
	if err != nil {
		b.Fatal(err)
	}
	defer sub.Unsubscribe()
	_ = responder.Flush()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := requester.Request("bench.echo", []byte{1}, 2*time.Second); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLocalDispatch: Host.Call of ponger running on the same host (in-process dispatch).
func BenchmarkLocalDispatch(b *testing.B) {
	h := benchHosts(b, 1)[0]
	if err := h.StartActor(context.Background(), actorRefs["ponger"], 1, nil, ""); err != nil {
		b.Fatal(err)
	}
	benchCall(b, h)
}

// BenchmarkRoutedInvocation: host A calls ponger on host B over NATS (signed, validated).
func BenchmarkRoutedInvocation(b *testing.B) {
	hosts := benchHosts(b, 2)
	if err := hosts[1].StartActor(context.Background(), actorRefs["ponger"], 1, nil, ""); err != nil {
		b.Fatal(err)
	}
	benchCall(b, hosts[0])
}

func benchCall(b *testing.B, h *Host) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		out, err := h.Call(ctx, actorKeys["ponger"], "Pingpong.Ping", nil)
		if err != nil || string(out) != "\xa4pong" {
			b.Fatalf("ping = %q, %v", out, err)
		}
	}
}

// echoBenchBody is what examples/echo answers to GET /bench with no body, byte for byte; the
// bare net/http baseline answers the same.
const echoBenchBody = `{"body":[],"method":"GET","path":"/bench","query_string":""}`

// BenchmarkHTTPServerEcho: GET /bench over loopback HTTP (keep-alive) → built-in httpserver
// provider → host → echo actor (2 instances) and back, the path `wrk` measures in
// bench/providers.sh. "serial" is one request at a time (latency), "parallel" 16 goroutines per
// CPU (throughput, per-request time = wall time / requests).
func BenchmarkHTTPServerEcho(b *testing.B) {
	builtins := map[string]Builtin{"httpserver": {Name: "httpserver", Contract: httpserver.ContractID, Vendor: "Trellis",
		New: func(log *slog.Logger) provider.Provider { return httpprov.New(log) }}}
	l := newTestLattice(b)
	h := l.host(nil, func(c *Config) {
		c.Builtins = builtins
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	})
	c := l.client()
	ctx := b.Context()
	if err := h.StartActor(ctx, actorRefs["echo"], 2, nil, ""); err != nil {
		b.Fatal(err)
	}
	if _, err := c.StartProvider(ctx, h.ID(), ctl.StartProviderCommand{ProviderRef: "httpserver"}); err != nil {
		b.Fatal(err)
	}
	key, _ := builtinKey("httpserver")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	link := ctl.LinkDefinition{ActorID: actorKeys["echo"], ProviderID: key.PublicKey(), ContractID: httpserver.ContractID,
		LinkName: "default", Values: map[string]string{"PORT": strconv.Itoa(port)}}
	if _, err := c.PutLink(ctx, ctl.PutLinkCommand{LinkDefinition: link}); err != nil {
		b.Fatal(err)
	}
	benchHTTPGet(b, "http://127.0.0.1:"+strconv.Itoa(port)+"/bench")
}

// BenchmarkBareNetHTTP is the baseline of BenchmarkHTTPServerEcho: a net/http server on loopback
// answering the same bytes, the same client.
func BenchmarkBareNetHTTP(b *testing.B) {
	body := []byte(echoBenchBody)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	benchHTTPGet(b, srv.URL+"/bench")
}

// benchHTTPGet waits until url answers echo's reply, then measures GETs of it with a keep-alive
// client, serially and in parallel.
func benchHTTPGet(b *testing.B, url string) {
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	want := []byte(echoBenchBody)
	get := func() error {
		resp, err := client.Get(url)
		if err != nil {
			return err
		}
		got, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK || !bytes.Equal(got, want) {
			return &benchHTTPError{status: resp.StatusCode, body: got}
		}
		return nil
	}
	deadline := time.Now().Add(60 * time.Second) // the first call compiles echo
	for err := get(); err != nil; err = get() {
		if time.Now().After(deadline) {
			b.Fatalf("GET %s never answered echo's reply: %v", url, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := get(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(16)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := get(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

type benchHTTPError struct {
	status int
	body   []byte
}

func (e *benchHTTPError) Error() string {
	return "status " + strconv.Itoa(e.status) + ", body " + strconv.Quote(string(e.body))
}
