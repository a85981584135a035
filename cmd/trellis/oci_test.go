package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	ggcr "github.com/google/go-containerregistry/pkg/registry"
)

// startRegistry serves an in-process OCI registry on a free port of listen's address (loopback)
// and returns its host:port. With a user, every request needs basic auth.
func startRegistry(t *testing.T, listen, user, password string) string {
	t.Helper()
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", listen, err)
	}
	reg := ggcr.New(ggcr.Logger(log.New(io.Discard, "", 0)))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); user != "" && (!ok || u != user || p != password) {
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		reg.ServeHTTP(w, r)
	})
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}}
	srv.Start()
	t.Cleanup(srv.Close)
	return ln.Addr().String()
}

var digestLine = regexp.MustCompile(`(?m)^Digest: (sha256:[0-9a-f]{64})$`)

func TestPushPull(t *testing.T) {
	isolate(t)
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	t.Setenv(envOCIAllowLatest, "")
	t.Setenv(envOCIInsecure, "")
	host := startRegistry(t, "127.0.0.1:0", "", "")
	dir := t.TempDir()
	t.Chdir(dir)
	mod := writeModule(t, dir, "echo.wasm")
	parFile := filepath.Join(dir, "kv.par.gz")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte("a provider archive"))
	_ = zw.Close()
	if err := os.WriteFile(parFile, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct{ file, repo, kind, name string }{
		{mod, "acme/echo", "actor", "echo.wasm"},
		{parFile, "acme/kv", "provider archive", "kv.par.gz"},
	} {
		ref := host + "/" + tt.repo + ":0.1.0"
		r := trellis(t, "push", ref, tt.file).mustSucceed(t)
		m := digestLine.FindStringSubmatch(r.stdout)
		if m == nil || !strings.Contains(r.stdout, "Pushed "+ref+" ("+tt.kind+",") || r.stderr != "" {
			t.Fatalf("push: stdout %q stderr %q", r.stdout, r.stderr)
		}
		out := filepath.Join(t.TempDir(), "pulled")
		r = trellis(t, "pull", ref, "-o", out).mustSucceed(t)
		if !strings.Contains(r.stdout, "Digest: "+m[1]) || !bytes.Equal(readFile(t, out), readFile(t, tt.file)) {
			t.Fatalf("pull: %q", r.stdout)
		}
		// By digest, to the default file name in the working directory.
		_ = os.Remove(filepath.Join(dir, tt.name))
		r = trellis(t, "pull", host+"/"+tt.repo+"@"+m[1]).mustSucceed(t)
		if !strings.Contains(r.stdout, "to "+tt.name) || !bytes.Equal(readFile(t, filepath.Join(dir, tt.name)), readFile(t, tt.file)) {
			t.Fatalf("pull by digest: %q", r.stdout)
		}
	}

	// -o - writes the content to stdout and the summary to stderr.
	r := trellis(t, "pull", host+"/acme/echo:0.1.0", "-o", "-").mustSucceed(t)
	if r.stdout != string(readFile(t, mod)) || !strings.Contains(r.stderr, "to stdout") {
		t.Fatalf("pull -o -: stdout %q stderr %q", r.stdout, r.stderr)
	}

	// Latest is refused unless allowed, by flag or environment.
	trellis(t, "push", host+"/acme/echo:latest", mod).mustFail(t, "uses the latest tag; pin a version or digest, or allow latest (--allow-latest / TRELLIS_OCI_ALLOW_LATEST)")
	trellis(t, "pull", host+"/acme/echo").mustFail(t, "pin a version or digest")
	trellis(t, "push", host+"/acme/echo", mod, "--allow-latest").mustSucceed(t)
	t.Setenv(envOCIAllowLatest, "true")
	trellis(t, "pull", host+"/acme/echo:latest", "-o", filepath.Join(dir, "latest.wasm")).mustSucceed(t)

	// What cannot be pushed or pulled.
	notArtifact := filepath.Join(dir, "notes.txt")
	writeFile(t, notArtifact, "just text")
	trellis(t, "push", host+"/acme/notes:1.0", notArtifact).mustFail(t, "neither a wasm module")
	trellis(t, "pull", host+"/acme/missing:1.0").mustFail(t, "not found: registry "+host+" has no repository acme/missing")
	trellis(t, "push", host+"/acme/echo:1.0", mod, "--user", "alice").mustFail(t, "--user and --password go together")
	trellis(t, "push", host+"/acme/echo:1.0").mustFail(t, "takes a reference and a file, got 1 arguments")
}

func TestPushPullAuth(t *testing.T) {
	isolate(t)
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	host := startRegistry(t, "127.0.0.1:0", "alice", "s3cret")
	mod := writeModule(t, t.TempDir(), "echo.wasm")
	ref := host + "/private/echo:1.0.0"
	trellis(t, "push", ref, mod).mustFail(t, "unauthorized: registry "+host)
	trellis(t, "push", ref, mod, "--user", "alice", "--password", "s3cret").mustSucceed(t)
	trellis(t, "pull", ref, "-o", filepath.Join(t.TempDir(), "x.wasm"), "--user", "alice", "--password", "s3cret").mustSucceed(t)
}

func TestPushInsecure(t *testing.T) {
	isolate(t)
	t.Setenv(envOCIInsecure, "")
	// 127.0.0.2 is loopback on Linux but not insecure by default.
	host := startRegistry(t, "127.0.0.2:0", "", "")
	mod := writeModule(t, t.TempDir(), "echo.wasm")
	ref := host + "/acme/echo:1.0.0"
	trellis(t, "push", ref, mod).mustFail(t, "speaks plain HTTP, not HTTPS; add it to the insecure registries")
	trellis(t, "push", ref, mod, "--insecure").mustSucceed(t)
	t.Setenv(envOCIInsecure, "example.org, 127.0.0.2")
	trellis(t, "pull", ref, "-o", filepath.Join(t.TempDir(), "x.wasm")).mustSucceed(t)
}

func TestProgressBar(t *testing.T) {
	var buf bytes.Buffer
	progress, finish := progressBar(&buf, "push")
	progress(2048, 1024)
	progress(2048, 2048)
	finish()
	if !strings.Contains(buf.String(), "push") || !strings.Contains(buf.String(), "100 %") {
		t.Errorf("progress bar drew %q", buf.String())
	}
	// An interrupted transfer must not leave finish waiting forever.
	progress, finish = progressBar(io.Discard, "pull")
	progress(2048, 10)
	finish()
	if isTerminal(&buf) {
		t.Error("a buffer is not a terminal")
	}
}
