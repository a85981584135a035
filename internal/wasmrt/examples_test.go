package wasmrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/core"
	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/contract/logging"
	"github.com/trellis-lattice/trellis/contract/numbergen"
	"github.com/trellis-lattice/trellis/internal/actorbuild"
	"github.com/trellis-lattice/trellis/internal/claims"
)

// exampleClaims are the claims `make examples` gives each example actor.
var exampleClaims = map[string]claims.ActorClaims{
	"echo":       {Name: "echo", Caps: []string{httpserver.ContractID}},
	"kvcounter":  {Name: "kvcounter", Caps: []string{httpserver.ContractID, keyvalue.ContractID}},
	"pinger":     {Name: "pinger", Caps: []string{httpserver.ContractID}},
	"ponger":     {Name: "ponger", CallAlias: "examples/ponger"},
	"randlogger": {Name: "randlogger", Caps: []string{httpserver.ContractID, logging.ContractID, numbergen.ContractID}},
}

// exampleWasm holds the compiled (unsigned) examples, built once in TestMain.
var exampleWasm = map[string][]byte{}

func buildExamples() error {
	for name := range exampleClaims {
		mod, err := actorbuild.Compile(context.Background(), filepath.Join("..", "..", "examples", name))
		if err != nil {
			return fmt.Errorf("build example %s: %w", name, err)
		}
		exampleWasm[name] = mod
	}
	return nil
}

func signedExample(t testing.TB, name string) []byte {
	return signModule(t, exampleWasm[name], func(c *claims.ActorClaims) { *c = exampleClaims[name] })
}

// exampleHost stands in for the host layer: builtins, an in-memory key-value store, and
// actor-to-actor calls by call alias to actors on the same runtime. It checks capabilities
// the way ACTORS.md §2.3 says.
type exampleHost struct {
	mu     sync.Mutex
	kv     map[string]int32
	logs   []string
	actors map[string]*Actor
}

func (h *exampleHost) HostCall(ctx context.Context, caller *Identity, binding, ns, op string, payload []byte) ([]byte, error) {
	if target, ok := h.actors[ns]; ok {
		return target.Invoke(ctx, op, payload)
	}
	if !caller.HasCap(ns) {
		return nil, fmt.Errorf("Invocation not authorized: missing capability claim for %s", ns)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	switch ns + " " + op {
	case logging.ContractID + " " + logging.OpWriteLog:
		var e logging.LogEntry
		if err := e.UnmarshalMsg(payload); err != nil {
			return nil, err
		}
		h.logs = append(h.logs, e.Level+": "+e.Text)
		return nil, nil
	case numbergen.ContractID + " " + numbergen.OpGenerateGuid:
		return codec.EncodeString("6c3c2f5e-8f4e-4c4b-9a53-3f1b0f3c1e2d"), nil
	case numbergen.ContractID + " " + numbergen.OpRandomInRange:
		var r numbergen.RangeLimit
		if err := r.UnmarshalMsg(payload); err != nil {
			return nil, err
		}
		return codec.EncodeU32(r.Max), nil
	case keyvalue.ContractID + " " + keyvalue.OpIncrement:
		var r keyvalue.IncrementRequest
		if err := r.UnmarshalMsg(payload); err != nil {
			return nil, err
		}
		h.kv[r.Key] += r.Value
		return codec.EncodeI32(h.kv[r.Key]), nil
	}
	return nil, fmt.Errorf("no provider for %s %s (binding %q)", ns, op, binding)
}

func httpRequest(method, path, query, body string) []byte {
	req := httpserver.Request{Method: method, Path: path, QueryString: query, Header: httpserver.Header{}, Body: []byte(body)}
	return req.AppendMsg(nil)
}

func invokeHTTP(t *testing.T, a *Actor, req []byte) *httpserver.Response {
	t.Helper()
	out, err := a.Invoke(t.Context(), httpserver.OpHandleRequest, req)
	if err != nil {
		t.Fatalf("%s: %v", a.Identity().Name, err)
	}
	var resp httpserver.Response
	if err := resp.UnmarshalMsg(out); err != nil {
		t.Fatalf("%s: decode response: %v", a.Identity().Name, err)
	}
	return &resp
}

func TestExamplesRunOnTheRuntime(t *testing.T) {
	host := &exampleHost{kv: map[string]int32{}, actors: map[string]*Actor{}}
	rt := newRuntime(t, host)
	actors := map[string]*Actor{}
	for name := range exampleClaims {
		actors[name] = load(t, rt, signedExample(t, name), Limits{})
	}
	host.actors["examples/ponger"] = actors["ponger"]

	t.Run("health and rpc version", func(t *testing.T) {
		for name, a := range actors {
			out, err := a.Invoke(t.Context(), core.OpHealthRequest, (&core.HealthCheckRequest{}).AppendMsg(nil))
			if err != nil || string(out) != "\x81\xa7healthy\xc3" {
				t.Errorf("%s health = % x, %v", name, out, err)
			}
			if v := a.RPCVersion(); v != 1 {
				t.Errorf("%s rpc version = %d, want 1", name, v)
			}
		}
	})
	t.Run("echo", func(t *testing.T) {
		resp := invokeHTTP(t, actors["echo"], httpRequest("GET", "/foo/bar", "amount=3&x=y", "hello"))
		var body struct {
			Method      string `json:"method"`
			Path        string `json:"path"`
			QueryString string `json:"query_string"`
			Body        []int  `json:"body"`
		}
		if err := json.Unmarshal(resp.Body, &body); err != nil {
			t.Fatalf("body %q: %v", resp.Body, err)
		}
		if resp.StatusCode != 200 || body.Method != "GET" || body.Path != "/foo/bar" || body.QueryString != "amount=3&x=y" || fmt.Sprint(body.Body) != "[104 101 108 108 111]" {
			t.Fatalf("echo = %d %+v", resp.StatusCode, body)
		}
	})
	t.Run("kvcounter", func(t *testing.T) {
		for want := 1; want <= 2; want++ {
			resp := invokeHTTP(t, actors["kvcounter"], httpRequest("GET", "/foo/bar", "", ""))
			if resp.StatusCode != 200 || string(resp.Body) != fmt.Sprintf(`{"counter":%d}`, want) {
				t.Fatalf("kvcounter = %d %s", resp.StatusCode, resp.Body)
			}
		}
		if host.kv["counter::foo:bar"] != 2 {
			t.Fatalf("store = %v", host.kv)
		}
	})
	t.Run("kvcounter without the keyvalue claim", func(t *testing.T) {
		mod := signModule(t, exampleWasm["kvcounter"], func(c *claims.ActorClaims) { c.Caps = []string{httpserver.ContractID} })
		resp := invokeHTTP(t, load(t, rt, mod, Limits{}), httpRequest("GET", "/x", "", ""))
		if resp.StatusCode != 500 || !strings.Contains(string(resp.Body), "missing capability claim for wasmcloud:keyvalue") {
			t.Fatalf("unauthorised kvcounter = %d %s", resp.StatusCode, resp.Body)
		}
	})
	t.Run("pinger calls ponger by alias", func(t *testing.T) {
		resp := invokeHTTP(t, actors["pinger"], httpRequest("GET", "/", "", ""))
		if resp.StatusCode != 200 || string(resp.Body) != "Ping pong" {
			t.Fatalf("pinger = %d %q", resp.StatusCode, resp.Body)
		}
	})
	t.Run("randlogger uses both builtins", func(t *testing.T) {
		resp := invokeHTTP(t, actors["randlogger"], httpRequest("GET", "/", "", ""))
		host.mu.Lock()
		logs := strings.Join(host.logs, "\n")
		host.mu.Unlock()
		if resp.StatusCode != 200 {
			t.Fatalf("randlogger = %d %q", resp.StatusCode, resp.Body)
		}
		for _, want := range []string{"debug: ", "info: ", "warn: ", "error: ", "6c3c2f5e-8f4e-4c4b-9a53-3f1b0f3c1e2d", "100"} {
			if !strings.Contains(logs, want) {
				t.Errorf("logs %q lack %q", logs, want)
			}
		}
	})
	t.Run("unknown operation", func(t *testing.T) {
		_, err := actors["echo"].Invoke(t.Context(), "Nope.Nothing", nil)
		var ge *GuestError
		if !errors.As(err, &ge) || ge.Message != "Nope.Nothing: No handler registered" {
			t.Fatalf("err = %v", err)
		}
	})
}
