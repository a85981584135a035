// Package registrytest runs a real OCI registry for tests: the distribution server that the
// Debian package docker-registry installs, as a separate process on a free loopback port with
// its storage in a temporary directory.
package registrytest

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Bin is where the Debian package installs the registry.
const Bin = "/usr/bin/docker-registry"

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

// StartDockerRegistry runs the Debian docker-registry (CNCF distribution) on a free loopback port
// with its storage in a temporary directory, optionally requiring basic auth, and returns its
// host:port and storage root. It skips the test when the binary is missing, unless
// TRELLIS_REQUIRE_SERVICES=1.
func StartDockerRegistry(t testing.TB, user, password string) (host, root string) {
	t.Helper()
	if _, err := os.Stat(Bin); err != nil {
		if os.Getenv("TRELLIS_REQUIRE_SERVICES") == "1" {
			t.Fatalf("%s is missing and TRELLIS_REQUIRE_SERVICES=1: apt-get install docker-registry", Bin)
		}
		t.Skipf("%s is missing (apt-get install docker-registry); set TRELLIS_REQUIRE_SERVICES=1 to make this a failure", Bin)
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
	cmd := exec.Command(Bin, "serve", cfgPath)
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")} // no REGISTRY_* overrides from the environment
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", Bin, err)
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
func freeLoopbackAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
