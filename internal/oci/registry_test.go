package oci

import (
	"bytes"
	"compress/gzip"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	ggcr "github.com/google/go-containerregistry/pkg/registry"
)

// testRegistry is an in-process registry on a loopback port, with request counters.
type testRegistry struct {
	host     string // 127.0.0.1:port
	requests atomic.Int64
	blobGets atomic.Int64
}

// newRegistry starts go-containerregistry's registry on a free loopback port; wrap, if not nil,
// sits between the counters and the registry (to require auth or alter responses).
func newRegistry(t *testing.T, wrap func(http.Handler) http.Handler) *testRegistry {
	t.Helper()
	return serveRegistry(t, nil, wrap)
}

func serveRegistry(t *testing.T, ln net.Listener, wrap func(http.Handler) http.Handler) *testRegistry {
	t.Helper()
	tr := &testRegistry{}
	var h http.Handler = ggcr.New(ggcr.Logger(log.New(io.Discard, "", 0)))
	if wrap != nil {
		h = wrap(h)
	}
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tr.requests.Add(1)
		if r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/blobs/") {
			tr.blobGets.Add(1)
		}
		h.ServeHTTP(w, r)
	})
	srv := httptest.NewUnstartedServer(counted)
	if ln != nil {
		srv.Listener.Close()
		srv.Listener = ln
	}
	srv.Start()
	t.Cleanup(srv.Close)
	tr.host = srv.Listener.Addr().String()
	return tr
}

// ref returns host/repo:tag on this registry.
func (tr *testRegistry) ref(repoTag string) string { return tr.host + "/" + repoTag }

// tamper flips the last byte of every response whose path contains part, keeping the headers
// (so Content-Length and Docker-Content-Digest still describe the original).
func tamper(part string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet || !strings.Contains(r.URL.Path, part) {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			body := rec.Body.Bytes()
			if len(body) > 0 {
				body[len(body)-1] ^= 0xff
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(body)
		})
	}
}

// basicAuth requires user/password on every request, challenging for Basic auth.
func basicAuth(user, password string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if u, p, ok := r.BasicAuth(); !ok || u != user || p != password {
				w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = io.WriteString(w, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// testModule is a small wasm module: the magic, version and some padding in a custom section.
func testModule(t *testing.T, extra string) []byte {
	t.Helper()
	return append([]byte("\x00asm\x01\x00\x00\x00\x00"), append([]byte{byte(len(extra) + 2), 1, 'x'}, extra...)...)
}

// testPAR is a gzip stream, which is all KindOf looks at.
func testPAR(t *testing.T, extra string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := io.WriteString(zw, "provider archive "+extra); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func newClient(t *testing.T, opts Options) *Client {
	t.Helper()
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
