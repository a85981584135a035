//go:build !wasip1

package chat_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// readmeBlock returns the text of the first ```lang code block of the README section that
// starts with heading (a "## " line); the section ends at the next "## " heading.
func readmeBlock(t *testing.T, heading, lang string) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i := strings.Index(s, "\n"+heading)
	if i < 0 {
		t.Fatalf("README has no section %q", heading)
	}
	s = s[i+1:]
	if j := strings.Index(s[len(heading):], "\n## "); j >= 0 {
		s = s[:len(heading)+j]
	}
	fence := "```" + lang + "\n"
	start := strings.Index(s, fence)
	if start < 0 {
		t.Fatalf("README section %q has no %s block", heading, lang)
	}
	s = s[start+len(fence):]
	end := strings.Index(s, "```")
	if end < 0 {
		t.Fatalf("README section %q: unterminated %s block", heading, lang)
	}
	return s[:end]
}

// shellLines returns the command lines of a sh block, without comments and blank lines.
func shellLines(block string) []string {
	var lines []string
	for _, line := range strings.Split(block, "\n") {
		if j := strings.Index(line, " #"); j >= 0 {
			line = line[:j]
		}
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	return lines
}

// tourCommands returns the command lines of the README's five-minute tour (its first sh block),
// without comments.
func tourCommands(t *testing.T) []string {
	t.Helper()
	return shellLines(readmeBlock(t, "## Five-minute tour", "sh"))
}

// TestREADMETour runs every command of the README's tour, as written, against the chat
// deployed by `trellis up --manifest` (the README's `make run`), in a directory laid out like
// the repository after `make` (bin/trellis, build/chat). Only the ports differ: the test's are
// free ones, substituted for 8500 and 8080. telnet is interactive: TestChat drives it.
func TestREADMETour(t *testing.T) {
	lines := tourCommands(t)
	l := newLattice(t)
	work := t.TempDir()
	for _, dir := range []string{"bin", "build"} {
		if err := os.Mkdir(filepath.Join(work, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(l.bin, filepath.Join(work, "bin", "trellis")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(l.build, "chat"), filepath.Join(work, "build", "chat")); err != nil {
		t.Fatal(err)
	}
	// The manifest names the actors where the tour's $PWD/build/chat has them, as in a checkout.
	l.build = filepath.Join(work, "build")
	first := l.up("--nats-listen", "127.0.0.1:"+strconv.Itoa(l.natsPort), "--data-dir", filepath.Join(l.dir, "data"), "--manifest", l.manifest("app.yaml"))
	l.waitDeployed("v1")
	_, haveCurl := exec.LookPath("curl")
	ran := 0
	for _, line := range lines {
		line = strings.ReplaceAll(line, "localhost:8080", "localhost:"+strconv.Itoa(l.http))
		line = strings.ReplaceAll(line, "localhost 8500", "localhost "+strconv.Itoa(l.telnet))
		switch {
		case strings.HasPrefix(line, "telnet "):
			continue // interactive; TestChat speaks telnet to the same port
		case strings.HasPrefix(line, "curl ") && haveCurl != nil:
			t.Logf("skipped (no curl on this machine): %s", line)
			continue
		case strings.HasPrefix(line, "bin/trellis up"):
			// A second host: it joins the tour's lattice (the README's joins 127.0.0.1:4222).
			args := strings.Fields(strings.TrimPrefix(line, "bin/trellis up"))
			l.up(append(args, "--nats-url", l.natsURL)...)
			eventually(t, "the backend spread to the second host", 60*time.Second, func() bool {
				out, err := l.trellis("get", "inventory", "-o", "json")
				return err == nil && strings.Count(out, `"name": "chat-messages"`) == 2
			})
			ran++
			continue
		case line == "bin/trellis events":
			cmd := exec.Command("sh", "-c", "exec "+line) // exec: the kill below reaches trellis itself
			cmd.Dir, cmd.Env = work, append(l.env, "TRELLIS_NATS_URL="+l.natsURL)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				t.Fatalf("%s ended at once (%v): %s", line, err, out.String())
			case <-time.After(time.Second):
			}
			_ = cmd.Process.Kill()
			<-done
			ran++
			continue
		}
		cmd := exec.Command("sh", "-c", line)
		cmd.Dir, cmd.Env = work, append(l.env, "TRELLIS_NATS_URL="+l.natsURL, "PWD="+work)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("README tour: %s: %v\n%s", line, err, out)
		}
		t.Logf("$ %s\n%s", line, out)
		ran++
	}
	for _, bad := range []string{"scale actor failed", "start actor failed", "level=ERROR"} {
		if strings.Contains(first.output(), bad) {
			t.Errorf("the host logged %q during the tour:\n%s", bad, first.output())
		}
	}
	if ran < 6 {
		t.Fatalf("ran %d tour commands; the tour block was not found whole", ran)
	}
}
