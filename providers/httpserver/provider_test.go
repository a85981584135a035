package httpserver_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/internal/natsd"
	"github.com/trellis-lattice/trellis/provider"
	httpprov "github.com/trellis-lattice/trellis/providers/httpserver"
)

// Fixed test identities (the provider SDK's fixtures).
const (
	clusterSeed  = "SCAOEZTA7LSDYEGNBZBNXWE2BYKVJPYJWDLIPCBUTIV5PN4BF6T7MQ2FA4"
	hostPK       = "NCOV3RHIMC6BV7DRFBOWY4O3XFKIEOAU7ALSCSPUDSTHD3EAUHYNNXUH"
	actorPK      = "MAQKGBIHR3XFBE42RLL3J6ETFDQCTJ7CK7WEWTGJXUCMJV5YPQNDSGJM"
	otherActorPK = "MAK6EPLJKSPHHDWKPRCNZ6JQLHMF3QMU3NXWUSZHJZ4ZFDKBGO6S6ENN"
	providerPK   = "VDSGBCZNBGC4WCYKI6GJ6TOT6Z274CVDS2VQCQCN6QOWG5NP3EZBWVCT"
)

// env is a running provider on an embedded NATS server.
type env struct {
	t  *testing.T
	nc *nats.Conn
	hd *provider.HostData
	p  *httpprov.Provider
}

func start(t *testing.T) *env {
	t.Helper()
	s, err := natsd.Start(t.Context(), natsd.Config{Port: natsd.RandomPort, JetStream: true, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	nc, err := s.Connect()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	kp, err := claims.ParseSeed(clusterSeed)
	if err != nil {
		t.Fatal(err)
	}
	lat := strings.NewReplacer("/", "_").Replace(t.Name())
	hd := &provider.HostData{
		HostID: hostPK, LatticeRPCPrefix: lat, LinkName: "default", ProviderKey: providerPK,
		ClusterIssuers: []string{kp.PublicKey()}, InvocationSeed: clusterSeed,
		DefaultRPCTimeoutMS: 2000, InstanceID: "9a1c1f7e-0000-4000-8000-000000000001",
	}
	e := &env{t: t, nc: nc, hd: hd, p: httpprov.New(nil)}
	ctx, cancel := context.WithCancel(t.Context())
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		if err := provider.Run(ctx, nc, hd, e.p, nil); err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			t.Error("Run did not return")
		}
	})
	subject := lattice.ProviderSubject(lat, providerPK, "default")
	eventually(t, "provider serving", func() bool {
		_, err := nc.Request(subject, []byte{0xc0}, 100*time.Millisecond)
		return err == nil
	})
	return e
}

// serveActor answers HandleRequest for actor with h until the test ends.
func (e *env) serveActor(actor string, h func(*httpserver.Request) (*httpserver.Response, error)) {
	e.t.Helper()
	r := &lattice.Responder{
		Self:      lattice.ActorEntity(actor),
		Validator: &lattice.Validator{ClusterIssuers: e.hd.ClusterIssuers},
		Handler: func(_ context.Context, inv *lattice.Invocation, msg []byte) ([]byte, error) {
			if inv.Operation != httpserver.OpHandleRequest {
				return nil, fmt.Errorf("unexpected operation %s", inv.Operation)
			}
			if want := lattice.ProviderEntity(providerPK, httpserver.ContractID, "default"); inv.Origin != want {
				return nil, fmt.Errorf("unexpected origin %+v", inv.Origin)
			}
			var req httpserver.Request
			if err := req.UnmarshalMsg(msg); err != nil {
				return nil, err
			}
			resp, err := h(&req)
			if err != nil {
				return nil, err
			}
			return resp.AppendMsg(nil), nil
		},
	}
	sub, err := lattice.Serve(e.t.Context(), e.nc, lattice.ActorSubject(e.hd.LatticeRPCPrefix, actor), "", r)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(sub.Stop)
}

func link(actor string, values map[string]string) ctl.LinkDefinition {
	return ctl.LinkDefinition{ActorID: actor, ProviderID: providerPK, LinkName: "default",
		ContractID: httpserver.ContractID, Values: values}
}

// publishLink sends a linkdefs.put (or del) the way a host does.
func (e *env) publishLink(ld ctl.LinkDefinition, del bool) {
	e.t.Helper()
	op := "put"
	if del {
		op = "del"
	}
	subject := lattice.ProviderSubject(e.hd.LatticeRPCPrefix, providerPK, "default") + ".linkdefs." + op
	if err := e.nc.Publish(subject, provider.AppendLink(nil, ld)); err != nil {
		e.t.Fatal(err)
	}
}

// freePort asks the kernel for a free port.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

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

// putLink activates ld directly and waits for its listener.
func (e *env) putLink(ld ctl.LinkDefinition) {
	e.t.Helper()
	if err := e.p.PutLink(e.t.Context(), ld); err != nil {
		e.t.Fatal(err)
	}
}

var client = &http.Client{Timeout: 10 * time.Second}

func do(t *testing.T, method, url, body string, header map[string]string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Add(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// echo answers with the request as JSON, status 201 and a header.
func echo(req *httpserver.Request) (*httpserver.Response, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	resp := httpserver.NewResponse(201, b)
	resp.Header.Set("Content-Type", "application/json")
	resp.Header.Add("X-Multi", "a")
	resp.Header.Add("X-Multi", "b")
	return resp, nil
}

func TestRoundTrip(t *testing.T) {
	e := start(t)
	e.serveActor(actorPK, echo)
	port := freePort(t)
	e.publishLink(link(actorPK, map[string]string{"PORT": port}), false) // through Run's link path
	base := "http://127.0.0.1:" + port
	eventually(t, "listener", func() bool {
		c, err := net.Dial("tcp", "127.0.0.1:"+port)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	for _, tc := range []struct{ method, body string }{{"GET", ""}, {"POST", "hello, actor"}} {
		status, h, body := do(t, tc.method, base+"/foo/bar?amount=3&x=y", tc.body,
			map[string]string{"X-Custom": "one", "Accept": "text/plain"})
		if status != 201 || h.Get("Content-Type") != "application/json" || strings.Join(h.Values("X-Multi"), ",") != "a,b" {
			t.Fatalf("%s: status %d header %v body %s", tc.method, status, h, body)
		}
		var got httpserver.Request
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		if got.Method != tc.method || got.Path != "/foo/bar" || got.QueryString != "amount=3&x=y" || string(got.Body) != tc.body {
			t.Errorf("%s: actor got %+v", tc.method, got)
		}
		if got.Header.Get("x-custom") != "one" || got.Header["accept"][0] != "text/plain" || got.Header["host"][0] != "127.0.0.1:"+port {
			t.Errorf("%s: actor got header %v", tc.method, got.Header)
		}
		for k := range got.Header {
			if k != strings.ToLower(k) {
				t.Errorf("header key %q not lowercase", k)
			}
		}
	}
	if err := e.p.Health(t.Context()); err != nil {
		t.Errorf("Health: %v", err)
	}
	// Deleting the link through the lattice stops the listener.
	e.publishLink(link(actorPK, map[string]string{"PORT": port}), true)
	eventually(t, "listener stopped", func() bool {
		c, err := net.Dial("tcp", "127.0.0.1:"+port)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
}

func TestErrors(t *testing.T) {
	e := start(t)
	e.serveActor(actorPK, func(req *httpserver.Request) (*httpserver.Response, error) {
		switch req.Path {
		case "/fail":
			return nil, errors.New("database exploded")
		case "/badstatus":
			return httpserver.NewResponse(1000, nil), nil
		case "/slow":
			time.Sleep(time.Second)
		}
		return httpserver.NewResponse(200, []byte("ok")), nil
	})
	port, noActorPort := freePort(t), freePort(t)
	e.putLink(link(actorPK, map[string]string{"port": port, "max_body": "1024", "timeout": "200ms"}))
	e.putLink(link(otherActorPK, map[string]string{"address": "127.0.0.1:" + noActorPort}))
	base := "http://127.0.0.1:" + port
	tests := []struct {
		name, method, url, body string
		status                  int
		reason                  string
	}{
		{"ok", "POST", base + "/", strings.Repeat("x", 1024), 200, "ok"},
		{"too large", "POST", base + "/", strings.Repeat("x", 1025), 413, "request body exceeds the limit of 1024 bytes"},
		{"actor error", "GET", base + "/fail", "", 500, "database exploded"},
		{"invalid status", "GET", base + "/badstatus", "", 500, "invalid status code 1000"},
		{"timeout", "GET", base + "/slow", "", 504, "did not answer in time"},
		{"no actor", "GET", "http://127.0.0.1:" + noActorPort + "/", "", 503, "actor " + otherActorPK + " is unavailable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := do(t, tc.method, tc.url, tc.body, nil)
			if status != tc.status || !strings.Contains(body, tc.reason) {
				t.Errorf("got %d %q, want %d containing %q", status, body, tc.status, tc.reason)
			}
		})
	}
}

func TestLinkErrors(t *testing.T) {
	e := start(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	tests := []struct {
		name   string
		values map[string]string
		want   []string
	}{
		{"port in use", map[string]string{"PORT": busyPort}, []string{actorPK, "127.0.0.1:" + busyPort, "address already in use"}},
		{"bad port", map[string]string{"PORT": "99999"}, []string{actorPK, `invalid PORT "99999"`}},
		{"bad address", map[string]string{"address": "localhost"}, []string{actorPK, `invalid address "localhost"`}},
		{"no address", map[string]string{}, []string{actorPK, "neither PORT nor address"}},
		{"bad timeout", map[string]string{"PORT": "8080", "timeout": "soon"}, []string{`invalid timeout "soon"`}},
		{"bad max_body", map[string]string{"PORT": "8080", "max_body": "-1"}, []string{`invalid max_body "-1"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := e.p.PutLink(t.Context(), link(actorPK, tc.values))
			if err == nil {
				t.Fatal("PutLink succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestRelinkAndShutdown(t *testing.T) {
	e := start(t)
	e.serveActor(actorPK, echo)
	p1, p2 := freePort(t), freePort(t)
	e.putLink(link(actorPK, map[string]string{"PORT": p1}))
	if s, _, _ := do(t, "GET", "http://127.0.0.1:"+p1+"/", "", nil); s != 201 {
		t.Fatalf("first link: %d", s)
	}
	// Same address, new limit: the listener keeps serving with the new limit.
	e.putLink(link(actorPK, map[string]string{"PORT": p1, "max_body": "4"}))
	if s, _, _ := do(t, "POST", "http://127.0.0.1:"+p1+"/", "12345", nil); s != 413 {
		t.Errorf("after max_body change: %d, want 413", s)
	}
	// A new port: the new listener serves, the old one is stopped.
	e.putLink(link(actorPK, map[string]string{"PORT": p2}))
	if s, _, _ := do(t, "GET", "http://127.0.0.1:"+p2+"/", "", nil); s != 201 {
		t.Errorf("moved link: %d", s)
	}
	if _, err := net.Dial("tcp", "127.0.0.1:"+p1); err == nil {
		t.Error("old listener still accepting")
	}
	if err := e.p.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Dial("tcp", "127.0.0.1:"+p2); err == nil {
		t.Error("listener accepting after Shutdown")
	}
}
