package oci

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/opencontainers/go-digest"
)

func TestPushPull(t *testing.T) {
	reg := newRegistry(t, nil)
	c := newClient(t, Options{})
	tests := []struct {
		ref, lower string // lower: the same with the repository lower-cased
		data       []byte
		kind       Kind
	}{
		{reg.ref("acme/echo:0.1.0"), reg.ref("acme/echo:0.1.0"), testModule(t, "echo"), KindActor},
		{reg.ref("Acme/KV:1.0.0-Beta"), reg.ref("acme/kv:1.0.0-Beta"), testPAR(t, "kv"), KindProviderArchive},
	}
	for _, tt := range tests {
		dgst, err := c.Push(t.Context(), tt.ref, tt.data, tt.kind)
		if err != nil {
			t.Fatalf("push %s: %v", tt.ref, err)
		}
		for _, ref := range []string{tt.ref, tt.lower, tt.ref + "@" + dgst, tt.ref[:strings.LastIndexByte(tt.ref, ':')] + "@" + dgst} {
			data, kind, got, err := c.Pull(t.Context(), ref)
			if err != nil {
				t.Fatalf("pull %s: %v", ref, err)
			}
			if !bytes.Equal(data, tt.data) || kind != tt.kind || got != dgst {
				t.Errorf("pull %s: %d bytes, kind %s, digest %s; want %d bytes, %s, %s", ref, len(data), kind, got, len(tt.data), tt.kind, dgst)
			}
		}
	}
	// Pushing the same content again gives the same digest: the manifest is deterministic.
	d1, err := c.Push(t.Context(), reg.ref("acme/echo:0.1.0"), tests[0].data, KindActor)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := c.Push(t.Context(), reg.ref("acme/echo:0.1.1"), tests[0].data, KindActor)
	if err != nil || d1 != d2 {
		t.Fatalf("second push: %s %s %v", d1, d2, err)
	}
}

func TestLatest(t *testing.T) {
	reg := newRegistry(t, nil)
	strict := newClient(t, Options{})
	mod := testModule(t, "latest")
	for _, ref := range []string{reg.ref("acme/echo:latest"), reg.ref("acme/echo")} {
		_, err := strict.Push(t.Context(), ref, mod, KindActor)
		if !errors.Is(err, ErrLatest) || !strings.Contains(err.Error(), "reference "+ref) ||
			!strings.Contains(err.Error(), "pin a version or digest, or allow latest (--allow-latest / TRELLIS_OCI_ALLOW_LATEST)") {
			t.Errorf("push %s: %v", ref, err)
		}
		if _, _, _, err := strict.Pull(t.Context(), ref); !errors.Is(err, ErrLatest) {
			t.Errorf("pull %s: %v", ref, err)
		}
	}
	loose := newClient(t, Options{AllowLatest: true})
	dgst, err := loose.Push(t.Context(), reg.ref("acme/echo"), mod, KindActor)
	if err != nil {
		t.Fatal(err)
	}
	_, _, got, err := loose.Pull(t.Context(), reg.ref("acme/echo:latest"))
	if err != nil || got != dgst {
		t.Fatalf("pull latest: %s, %v; want %s", got, err, dgst)
	}
	// A digest pins the content, so the strict client accepts it even next to "latest".
	if _, _, _, err := strict.Pull(t.Context(), reg.ref("acme/echo:latest@"+dgst)); err != nil {
		t.Fatal(err)
	}
}

func TestCache(t *testing.T) {
	reg := newRegistry(t, nil)
	dir := t.TempDir()
	c := newClient(t, Options{CacheDir: dir})
	mod := testModule(t, "cached")
	ref := reg.ref("acme/echo:0.2.0")
	dgst, err := c.Push(t.Context(), ref, mod, KindActor)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := c.Pull(t.Context(), ref); err != nil {
		t.Fatal(err)
	}
	if n := reg.blobGets.Load(); n != 1 {
		t.Fatalf("first pull fetched %d blobs, want 1", n)
	}

	// By tag: one request to resolve the tag, no blob fetch.
	before := reg.requests.Load()
	data, _, _, err := c.Pull(t.Context(), ref)
	if err != nil || !bytes.Equal(data, mod) {
		t.Fatalf("cached pull: %v", err)
	}
	if n := reg.requests.Load() - before; n != 1 || reg.blobGets.Load() != 1 {
		t.Errorf("cached pull by tag made %d requests (%d blob fetches in all), want 1 (1)", n, reg.blobGets.Load())
	}
	// By digest: no network at all.
	before = reg.requests.Load()
	if _, _, _, err := c.Pull(t.Context(), ref+"@"+dgst); err != nil {
		t.Fatal(err)
	}
	if n := reg.requests.Load() - before; n != 0 {
		t.Errorf("cached pull by digest made %d requests, want 0", n)
	}

	// A corrupt cache entry is noticed, re-fetched and repaired.
	layer := filepath.Join(dir, "sha256", digest.FromBytes(mod).Encoded())
	if err := os.WriteFile(layer, []byte("\x00asm garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	data, _, _, err = c.Pull(t.Context(), ref)
	if err != nil || !bytes.Equal(data, mod) {
		t.Fatalf("pull over a corrupt cache: %v", err)
	}
	if n := reg.blobGets.Load(); n != 2 {
		t.Errorf("corrupt cache entry: %d blob fetches in all, want 2", n)
	}
	if fixed, err := os.ReadFile(layer); err != nil || !bytes.Equal(fixed, mod) {
		t.Errorf("cache entry not repaired: %v", err)
	}
}

func TestCacheHammer(t *testing.T) {
	reg := newRegistry(t, nil)
	c := newClient(t, Options{CacheDir: t.TempDir()})
	mod := testModule(t, strings.Repeat("hammer", 1000))
	ref := reg.ref("acme/hammer:1.0.0")
	if _, err := c.Push(t.Context(), ref, mod, KindActor); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for range 32 {
		wg.Go(func() {
			data, _, _, err := c.Pull(t.Context(), ref)
			if err == nil && !bytes.Equal(data, mod) {
				err = errors.New("wrong content")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestTampered(t *testing.T) {
	for _, tt := range []struct {
		part, says string
	}{
		{"/blobs/", "manifest says sha256:"},
		{"/manifests/sha256:", "registry says sha256:"},
	} {
		reg := newRegistry(t, tamper(tt.part))
		dir := t.TempDir()
		c := newClient(t, Options{CacheDir: dir})
		ref := reg.ref("acme/echo:0.1.0")
		if _, err := c.Push(t.Context(), ref, testModule(t, "tampered"), KindActor); err != nil {
			t.Fatal(err)
		}
		_, _, _, err := c.Pull(t.Context(), ref)
		if !errors.Is(err, ErrDigestMismatch) || !strings.Contains(err.Error(), "digest mismatch: "+tt.says) ||
			!strings.Contains(err.Error(), ", content is sha256:") {
			t.Fatalf("tampered %s: %v", tt.part, err)
		}
		var e *Error
		if !errors.As(err, &e) || e.Op != "pull" || e.Ref.Repository != "acme/echo" {
			t.Errorf("error %#v", err)
		}
		if entries, _ := os.ReadDir(filepath.Join(dir, "sha256")); len(entries) > 1 {
			t.Errorf("tampered content was cached: %v", entries)
		}
	}
}

func TestBasicAuth(t *testing.T) {
	t.Setenv("DOCKER_CONFIG", t.TempDir()) // no docker login to fall back on
	reg := newRegistry(t, basicAuth("alice", "s3cret"))
	mod := testModule(t, "private")
	ref := reg.ref("private/echo:1.0.0")

	_, err := newClient(t, Options{}).Push(t.Context(), ref, mod, KindActor)
	if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "docker login "+reg.host) {
		t.Fatalf("anonymous push: %v", err)
	}
	wrong := Static(map[string]Credential{reg.host: {Username: "alice", Password: "wrong"}})
	if _, err := newClient(t, Options{Credentials: wrong}).Push(t.Context(), ref, mod, KindActor); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("wrong password: %v", err)
	}

	static := Static(map[string]Credential{"oci://" + strings.ToUpper(reg.host) + "/ignored": {Username: "alice", Password: "s3cret"}})
	dgst, err := newClient(t, Options{Credentials: static}).Push(t.Context(), ref, mod, KindActor)
	if err != nil {
		t.Fatalf("push with static credentials: %v", err)
	}

	// The docker config is consulted when the static credentials have nothing for the registry.
	dockerDir := t.TempDir()
	cfg := `{"auths":{"` + reg.host + `":{"auth":"` + base64.StdEncoding.EncodeToString([]byte("alice:s3cret")) + `"}}}`
	if err := os.WriteFile(filepath.Join(dockerDir, "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DOCKER_CONFIG", dockerDir)
	other := Static(map[string]Credential{"ghcr.io": {Username: "bob", Password: "x"}})
	data, _, got, err := newClient(t, Options{Credentials: other}).Pull(t.Context(), ref)
	if err != nil || got != dgst || !bytes.Equal(data, mod) {
		t.Fatalf("pull with docker config: %v", err)
	}
}

func TestNotFound(t *testing.T) {
	reg := newRegistry(t, nil)
	c := newClient(t, Options{})
	for _, ref := range []string{reg.ref("nobody/nothing:1.0.0"), reg.ref("nobody/nothing@sha256:" + strings.Repeat("ab", 32))} {
		_, _, _, err := c.Pull(t.Context(), ref)
		if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "registry "+reg.host) || !strings.Contains(err.Error(), "repository nobody/nothing") {
			t.Errorf("pull %s: %v", ref, err)
		}
	}
	if _, _, _, err := c.Pull(t.Context(), reg.ref("nobody/nothing:1.0.0")); !strings.Contains(err.Error(), "tag 1.0.0") {
		t.Errorf("error does not name the tag: %v", err)
	}
}

func TestInsecureMismatch(t *testing.T) {
	// 127.0.0.2 is loopback on Linux but not on the default insecure list.
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	reg := serveRegistry(t, ln, nil)
	mod := testModule(t, "insecure")
	ref := reg.ref("acme/echo:1.0.0")
	_, err = newClient(t, Options{}).Push(t.Context(), ref, mod, KindActor)
	if !errors.Is(err, ErrInsecure) || !strings.Contains(err.Error(), "insecure registries") {
		t.Fatalf("HTTPS to an HTTP registry: %v", err)
	}
	if _, err := newClient(t, Options{Insecure: []string{"127.0.0.2"}}).Push(t.Context(), ref, mod, KindActor); err != nil {
		t.Fatalf("with 127.0.0.2 insecure: %v", err)
	}
}

func TestSizeLimit(t *testing.T) {
	reg := newRegistry(t, nil)
	mod := testModule(t, strings.Repeat("x", 100))
	ref := reg.ref("acme/big:1.0.0")
	small := newClient(t, Options{MaxSize: 50})
	if _, err := small.Push(t.Context(), ref, mod, KindActor); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("push: %v", err)
	}
	if _, err := newClient(t, Options{}).Push(t.Context(), ref, mod, KindActor); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := small.Pull(t.Context(), ref); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("pull: %v", err)
	}
}

func TestProgress(t *testing.T) {
	reg := newRegistry(t, nil)
	mod := testModule(t, strings.Repeat("p", 100_000))
	var total, done int64
	c := newClient(t, Options{Progress: func(t, d int64) { total, done = t, d }})
	ref := reg.ref("acme/progress:1.0.0")
	if _, err := c.Push(t.Context(), ref, mod, KindActor); err != nil {
		t.Fatal(err)
	}
	if total != int64(len(mod)) || done != total {
		t.Errorf("push progress %d/%d, want %d/%d", done, total, len(mod), len(mod))
	}
	total, done = 0, 0
	if _, _, _, err := c.Pull(t.Context(), ref); err != nil {
		t.Fatal(err)
	}
	if total != int64(len(mod)) || done != total {
		t.Errorf("pull progress %d/%d, want %d/%d", done, total, len(mod), len(mod))
	}
}

func TestPushRefusals(t *testing.T) {
	c := newClient(t, Options{})
	if _, err := c.Push(t.Context(), "localhost:1/a/b:1", []byte("x"), KindUnknown); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := c.Push(t.Context(), "localhost:1/a/b@sha256:"+strings.Repeat("0", 64), []byte("x"), KindActor); err == nil || !strings.Contains(err.Error(), "push needs a tag") {
		t.Errorf("push by digest: %v", err)
	}
	if _, err := New(Options{MaxSize: -1}); err == nil {
		t.Error("negative MaxSize accepted")
	}
	if _, err := New(Options{Insecure: []string{"http://x/y"}}); err == nil {
		t.Error("insecure entry with a path accepted")
	}
}

func TestPlainHTTPToTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	ref := srv.Listener.Addr().String() + "/acme/echo:1.0.0" // loopback: plain HTTP by default
	_, _, _, err := newClient(t, Options{}).Pull(t.Context(), ref)
	if !errors.Is(err, ErrInsecure) || !strings.Contains(err.Error(), "plain HTTP") {
		t.Fatalf("plain HTTP to a TLS registry: %v", err)
	}
}
