package oci

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opencontainers/go-digest"
	"golang.org/x/crypto/bcrypt"
)

const dockerRegistryBin = "/usr/bin/docker-registry"

// lockedBuffer collects a child process's output for failure messages.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startDockerRegistry runs the Debian docker-registry (CNCF distribution) on a free loopback port
// with its storage in a temporary directory, optionally requiring basic auth, and returns its
// host:port and storage root. It skips the test when the binary is missing, unless
// TRELLIS_REQUIRE_SERVICES=1.
func startDockerRegistry(t *testing.T, user, password string) (host, root string) {
	t.Helper()
	if _, err := os.Stat(dockerRegistryBin); err != nil {
		if os.Getenv("TRELLIS_REQUIRE_SERVICES") == "1" {
			t.Fatalf("%s is missing and TRELLIS_REQUIRE_SERVICES=1: apt-get install docker-registry", dockerRegistryBin)
		}
		t.Skipf("%s is missing (apt-get install docker-registry); set TRELLIS_REQUIRE_SERVICES=1 to make this a failure", dockerRegistryBin)
	}
	dir := t.TempDir()
	root = filepath.Join(dir, "storage")
	host = freeLoopbackAddr(t)
	auth := ""
	if user != "" {
		hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
		if err != nil {
			t.Fatal(err)
		}
		htpasswd := filepath.Join(dir, "htpasswd")
		if err := os.WriteFile(htpasswd, []byte(user+":"+string(hash)+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		auth = fmt.Sprintf("auth:\n  htpasswd:\n    realm: trellis-test\n    path: %s\n", htpasswd)
	}
	config := fmt.Sprintf(`version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: %s
http:
  addr: %s
  secret: trellis-test
%s`, root, host, auth)
	cfgPath := filepath.Join(dir, "config.yml")
	if err := os.WriteFile(cfgPath, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	var out lockedBuffer
	cmd := exec.Command(dockerRegistryBin, "serve", cfgPath)
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")} // no REGISTRY_* overrides from the environment
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", dockerRegistryBin, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get("http://" + host + "/v2/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusUnauthorized {
				return host, root
			}
		}
		select {
		case <-exited:
			t.Fatalf("docker-registry exited before answering:\n%s", out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("docker-registry did not answer on %s within 15s (last error %v):\n%s", host, err, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// freeLoopbackAddr returns a 127.0.0.1 port that was free a moment ago.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestDockerRegistry(t *testing.T) {
	host, root := startDockerRegistry(t, "", "")
	c := newClient(t, Options{})
	for _, tt := range []struct {
		ref  string
		data []byte
		kind Kind
	}{
		{host + "/acme/echo:0.1.0", testModule(t, "real"), KindActor},
		{host + "/acme/kv:0.1.0", testPAR(t, "real"), KindProviderArchive},
	} {
		dgst, err := c.Push(t.Context(), tt.ref, tt.data, tt.kind)
		if err != nil {
			t.Fatalf("push %s: %v", tt.ref, err)
		}
		for _, ref := range []string{tt.ref, tt.ref + "@" + dgst} {
			data, kind, got, err := c.Pull(t.Context(), ref)
			if err != nil || !bytes.Equal(data, tt.data) || kind != tt.kind || got != dgst {
				t.Fatalf("pull %s: kind %s digest %s err %v", ref, kind, got, err)
			}
		}
	}
	if _, _, _, err := c.Pull(t.Context(), host+"/acme/none:1.0.0"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown repository: %v", err)
	}

	// Corrupt the stored layer on disk: the registry serves it as is, the pull must refuse it.
	mod := testModule(t, "corrupted on disk")
	ref := host + "/acme/corrupt:1.0.0"
	if _, err := c.Push(t.Context(), ref, mod, KindActor); err != nil {
		t.Fatal(err)
	}
	hex := digest.FromBytes(mod).Encoded()
	blob := filepath.Join(root, "docker/registry/v2/blobs/sha256", hex[:2], hex, "data")
	stored, err := os.ReadFile(blob)
	if err != nil {
		t.Fatalf("layer not where distribution keeps it: %v", err)
	}
	stored[len(stored)-1] ^= 0xff
	if err := os.WriteFile(blob, stored, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := c.Pull(t.Context(), ref); !errors.Is(err, ErrDigestMismatch) || !strings.Contains(err.Error(), "manifest says sha256:"+hex) {
		t.Errorf("corrupt layer: %v", err)
	}
}

func TestDockerRegistryAuth(t *testing.T) {
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	host, _ := startDockerRegistry(t, "alice", "s3cret")
	mod := testModule(t, "private")
	ref := host + "/private/echo:1.0.0"
	if _, err := newClient(t, Options{}).Push(t.Context(), ref, mod, KindActor); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("anonymous push: %v", err)
	}
	c := newClient(t, Options{Credentials: Static(map[string]Credential{host: {Username: "alice", Password: "s3cret"}})})
	dgst, err := c.Push(t.Context(), ref, mod, KindActor)
	if err != nil {
		t.Fatal(err)
	}
	if data, _, got, err := c.Pull(t.Context(), ref); err != nil || got != dgst || !bytes.Equal(data, mod) {
		t.Fatalf("pull: %s %v", got, err)
	}
}
