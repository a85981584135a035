package host

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	ggcr "github.com/google/go-containerregistry/pkg/registry"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/internal/oci"
)

// TestStartFromOCI pushes the echo actor and a provider archive to an in-process OCI registry,
// starts both on a host from their references, and checks that a registry serving altered
// bytes is refused with a digest mismatch while the host keeps serving.
func TestStartFromOCI(t *testing.T) {
	var tamper atomic.Bool
	inner := ggcr.New(ggcr.Logger(log.New(io.Discard, "", 0)))
	reg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !tamper.Load() || !strings.Contains(r.URL.Path, "/blobs/") || r.Method != http.MethodGet {
			inner.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		inner.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if len(body) > 100 {
			body[100] ^= 0xff
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	}))
	t.Cleanup(reg.Close)
	host := strings.TrimPrefix(reg.URL, "http://")
	client, err := oci.New(oci.Options{})
	if err != nil {
		t.Fatal(err)
	}
	echoPath := strings.TrimPrefix(actorRefs["echo"], "file://")
	wasm, err := os.ReadFile(echoPath)
	if err != nil {
		t.Fatal(err)
	}
	echoRef := host + "/acme/echo:0.1.0"
	if _, err := client.Push(t.Context(), echoRef, wasm, oci.KindActor); err != nil {
		t.Fatal(err)
	}
	_, _, par := memkvArchive(t)
	kvRef := host + "/acme/memkv:0.1.0"
	if _, err := client.Push(t.Context(), kvRef, par, oci.KindProviderArchive); err != nil {
		t.Fatal(err)
	}

	l := newTestLattice(t)
	h := l.host(nil, func(c *Config) { c.CacheDir = t.TempDir() })
	if err := h.StartActor(t.Context(), echoRef, 1, nil, ""); err != nil {
		t.Fatal(err)
	}
	out, err := h.Call(t.Context(), actorKeys["echo"], httpserver.OpHandleRequest, httpReq("/from-oci"))
	if err != nil || !bytes.Contains(out, []byte("/from-oci")) {
		t.Fatalf("echo from OCI: %q %v", out, err)
	}
	if err := h.StartProvider(t.Context(), kvRef, "default", "", nil, ""); err != nil {
		t.Fatal(err)
	}
	if err := h.StartActor(t.Context(), echoRef, 1, nil, ""); err != nil {
		t.Fatalf("second start from the cache: %v", err)
	}

	// A fresh host (empty cache) pulling altered content refuses it.
	tamper.Store(true)
	h2 := l.host(nil, func(c *Config) { c.CacheDir = t.TempDir() })
	err = h2.StartActor(t.Context(), echoRef, 1, nil, "")
	if err == nil || !strings.Contains(err.Error(), "digest mismatch") {
		t.Fatalf("tampered pull: %v", err)
	}
	err = h2.StartProvider(t.Context(), kvRef, "other", "", nil, "")
	if err == nil || !strings.Contains(err.Error(), "digest mismatch") {
		t.Fatalf("tampered provider pull: %v", err)
	}
	if _, err := h.Call(t.Context(), actorKeys["echo"], httpserver.OpHandleRequest, httpReq("/still")); err != nil {
		t.Fatalf("host stopped serving: %v", err)
	}
}
