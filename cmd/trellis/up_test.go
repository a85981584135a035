package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for the up command's writes and the test's reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestUpJoinAndStop starts `trellis up` with its embedded NATS server, joins a second host to
// it with --nats-url, lists both with `get hosts`, stops the second one through the control
// interface and the first one by cancelling it (as Ctrl-C would): both exit 0.
func TestUpJoinAndStop(t *testing.T) {
	isolate(t)
	lattice := "up" + strings.ReplaceAll(t.Name(), "/", "_")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out1, err1 lockedBuffer
	done1 := make(chan int, 1)
	go func() {
		done1 <- run(ctx, []string{"up", "--nats-listen", "127.0.0.1:0", "--data-dir", t.TempDir(), "--lattice", lattice, "--label", "zone=a"}, strings.NewReader(""), &out1, &err1)
	}()
	url := waitFor(t, &out1, regexp.MustCompile(`NATS:\s+(nats://\S+) \(embedded`))

	var out2, err2 lockedBuffer
	done2 := make(chan int, 1)
	go func() {
		done2 <- run(t.Context(), []string{"up", "--nats-url", url, "--lattice", lattice, "--label", "zone=b"}, strings.NewReader(""), &out2, &err2)
	}()
	second := waitFor(t, &out2, regexp.MustCompile(`Host (N[A-Z0-9]{55}) .* is up`))

	hosts := trellis(t, "get", "hosts", "--nats-url", url, "--lattice", lattice).mustSucceed(t)
	if !strings.Contains(hosts.stdout, "zone=a") || !strings.Contains(hosts.stdout, "zone=b") || !strings.Contains(hosts.stdout, second) {
		t.Fatalf("get hosts:\n%s", hosts.stdout)
	}
	trellis(t, "stop", "host", second, "--nats-url", url, "--lattice", lattice).mustSucceed(t)
	select {
	case code := <-done2:
		if code != 0 || !strings.Contains(out2.String(), "stopped") {
			t.Fatalf("second host exited %d\n%s\n%s", code, out2.String(), err2.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("second host did not stop on the stop host command")
	}
	cancel()
	select {
	case code := <-done1:
		if code != 0 {
			t.Fatalf("first host exited %d\n%s", code, err1.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("first host did not stop when cancelled")
	}
}

func TestUpBadFlags(t *testing.T) {
	isolate(t)
	trellis(t, "up", "--nats-listen", "nonsense").mustFail(t, "--nats-listen")
	trellis(t, "up", "--label", "novalue", "--nats-listen", "127.0.0.1:0").mustFail(t, "label")
	trellis(t, "up", "--log-level", "loud").mustFail(t, "--log-level")
	trellis(t, "up", "--host-seed", "SAnotaseed", "--nats-listen", "127.0.0.1:0").mustFail(t, "--host-seed")
}

// waitFor polls out until re matches and returns its first group.
func waitFor(t *testing.T, out *lockedBuffer, re *regexp.Regexp) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s in:\n%s", re, out.String())
	return ""
}

// TestUpManifest starts `trellis up --manifest`: the manifest is stored and deployed at start,
// and the host's reconciler makes it so (here: the built-in httpserver provider on every host).
// Starting again with the same file reuses the stored version.
func TestUpManifest(t *testing.T) {
	isolate(t)
	lattice := "upmanifest"
	file := filepath.Join(t.TempDir(), "app.yaml")
	if err := os.WriteFile(file, []byte(`apiVersion: core.oam.dev/v1beta1
kind: Application
metadata:
  name: edge
  annotations: {version: v1}
spec:
  components:
    - name: http
      type: capability
      properties: {image: httpserver, contract: "wasmcloud:httpserver"}
      traits:
        - type: daemonscaler
          properties: {replicas: 1}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	for round := range 2 {
		ctx, cancel := context.WithCancel(t.Context())
		var out, errOut lockedBuffer
		done := make(chan int, 1)
		go func() {
			done <- run(ctx, []string{"up", "--nats-listen", "127.0.0.1:0", "--data-dir", dataDir, "--lattice", lattice, "--manifest", file},
				strings.NewReader(""), &out, &errOut)
		}()
		url := waitFor(t, &out, regexp.MustCompile(`NATS:\s+(nats://\S+) \(embedded`))
		waitFor(t, &out, regexp.MustCompile(`deploying:\s+(edge) version v1`))
		deadline := time.Now().Add(30 * time.Second)
		for {
			r := trellis(t, "app", "status", "edge", "--nats-url", url, "--lattice", lattice)
			if strings.Contains(r.stdout, "edge version v1: Deployed") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("round %d: app never deployed: %s%s\nhost log:\n%s", round, r.stdout, r.stderr, errOut.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
		inv := trellis(t, "get", "inventory", "--nats-url", url, "--lattice", lattice).mustSucceed(t)
		if !strings.Contains(inv.stdout, "wasmcloud:httpserver") {
			t.Fatalf("round %d: inventory lacks the provider:\n%s", round, inv.stdout)
		}
		cancel()
		if code := <-done; code != 0 {
			t.Fatalf("round %d: up exited %d: %s", round, code, errOut.String())
		}
	}
}
