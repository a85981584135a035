package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/ctltest"
	"github.com/trellis-lattice/trellis/internal/lattice"
)

// serveEcho serves actor Echo on s like a host would, trusting only ctltest.Cluster: it
// answers HttpServer.HandleRequest with a text describing the request, Fail with an error,
// and any other operation with its payload unchanged.
func serveEcho(t *testing.T, s *server.Server) {
	t.Helper()
	self := lattice.ActorEntity(ctltest.Echo)
	r := &lattice.Responder{
		Self:      self,
		Validator: &lattice.Validator{ClusterIssuers: []string{ctltest.Cluster}},
		Handler: func(_ context.Context, inv *lattice.Invocation, msg []byte) ([]byte, error) {
			switch inv.Operation {
			case httpserver.OpHandleRequest:
				var req httpserver.Request
				if err := req.UnmarshalMsg(msg); err != nil {
					return nil, err
				}
				resp := httpserver.NewResponse(200, []byte(req.Method+" "+req.Path+"?"+req.QueryString+" "+string(req.Body)))
				resp.Header.Set("Origin-Is-Host", boolText(strings.HasPrefix(inv.Origin.PublicKey, "N") && inv.Origin.ContractID == ""))
				return resp.AppendMsg(nil), nil
			case "Fail":
				return nil, errors.New("boom")
			}
			return msg, nil
		},
	}
	subject := lattice.ActorSubject(ctl.DefaultLattice, ctltest.Echo)
	sub, err := lattice.Serve(t.Context(), ctltest.Connect(t, s), subject, subject, r)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sub.Stop)
}

func boolText(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func TestCall(t *testing.T) {
	h1, _ := twoHosts()
	s := startLattice(t, h1)
	serveEcho(t, s)
	keys := os.Getenv(envKeysDir)
	cluster, _ := claims.ParseSeedAs(ctltest.ClusterSeed, claims.PrefixCluster)
	if err := saveKey(keyPath(keys, "default", claims.PrefixCluster), cluster, false); err != nil {
		t.Fatal(err)
	}
	reqFile := filepath.Join(t.TempDir(), "req.json")
	writeFile(t, reqFile, `{"n": [1, -2, 3.5], "s": "x"}`)

	tests := []struct {
		args []string
		want string
	}{
		{[]string{"call", "acme/echo", "HttpServer.HandleRequest"},
			`{"statusCode":200,"header":{"origin-is-host":["yes"]},"body":"GET /? "}`},
		{[]string{"call", "MD3W", "HttpServer.HandleRequest", "--data", `{"method":"PUT","path":"/k","queryString":"v=1","body":"hello"}`},
			`{"statusCode":200,"header":{"origin-is-host":["yes"]},"body":"PUT /k?v=1 hello"}`},
		{[]string{"call", ctltest.Echo, "Echo.Echo", "--data", "@" + reqFile}, `{"n":[1,-2,3.5],"s":"x"}`},
		{[]string{"call", ctltest.Echo, "Echo.Echo"}, `null`},
		{[]string{"call", ctltest.Echo, "Echo.Echo", "--data", `"only a string"`, "--cluster-seed", ctltest.ClusterSeed}, `"only a string"`},
	}
	for _, tt := range tests {
		r := trellis(t, tt.args...).mustSucceed(t)
		var got, want any
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatalf("trellis %v printed %q: %v", tt.args, r.stdout, err)
		}
		if err := json.Unmarshal([]byte(tt.want), &want); err != nil {
			t.Fatal(err)
		}
		if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
			t.Errorf("trellis %v = %s, want %s", tt.args, g, w)
		}
	}

	other, _ := claims.NewKeyPair(claims.PrefixCluster)
	fails := []struct {
		args []string
		msg  string
	}{
		{[]string{"call", ctltest.Echo, "Fail"}, "call Fail on " + ctltest.Echo + ": Fail failed on"},
		{[]string{"call", ctltest.Echo, "Echo.Echo", "--cluster-seed", other.Seed()}, "untrusted cluster key"},
		{[]string{"call", ctltest.Counter, "Echo.Echo"}, "the actor does not run on any host of lattice default"},
		{[]string{"call", ctltest.Echo, "Echo.Echo", "--data", "{"}, "convert JSON to MessagePack"},
		{[]string{"call", ctltest.Echo, "Echo.Echo", "--data", "@/nonexistent.json"}, "--data: open /nonexistent.json"},
		{[]string{"call", ctltest.Echo, "HttpServer.HandleRequest", "--data", `{"url":"/"}`}, `unknown field "url"`},
		{[]string{"call", "nobody", "Echo.Echo"}, `no actor matches "nobody"`},
		{[]string{"call", ctltest.Echo, "Echo.Echo", "--lattice", "prod"}, "no cluster key for lattice prod at " + filepath.Join(keys, "prod_cluster.nk")},
		{[]string{"call", ctltest.Echo}, "trellis call takes an actor and an operation, got 1 arguments"},
	}
	for _, tt := range fails {
		trellis(t, tt.args...).mustFail(t, tt.msg)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
