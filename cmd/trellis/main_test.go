package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// result is the outcome of one in-process trellis run.
type result struct {
	stdout, stderr string
	code           int
}

// trellis runs the command line in-process. Keys go to a fresh temporary directory, never the
// real home, unless the test has set TRELLIS_KEYS_DIR itself.
func trellis(t *testing.T, args ...string) result {
	t.Helper()
	if os.Getenv(envKeysDir) == "" {
		t.Fatal("test must call isolate(t) first")
	}
	var out, errOut bytes.Buffer
	code := run(t.Context(), args, strings.NewReader(""), &out, &errOut)
	return result{out.String(), errOut.String(), code}
}

// isolate points the keys directory and HOME at temporary directories and returns the keys
// directory.
func isolate(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "keys")
	t.Setenv(envKeysDir, dir)
	t.Setenv("HOME", t.TempDir())
	return dir
}

// mustSucceed fails the test unless r exited 0 with nothing on stderr but notes.
func (r result) mustSucceed(t *testing.T) result {
	t.Helper()
	if r.code != 0 || strings.Contains(r.stderr, "error:") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	return r
}

// mustFail fails the test unless r exited 1 with an "error: " line containing msg on stderr.
func (r result) mustFail(t *testing.T, msg string) result {
	t.Helper()
	if r.code != 1 || !strings.HasPrefix(r.stderr, "error: ") || !strings.Contains(r.stderr, msg) {
		t.Fatalf("exit %d, stderr %q; want exit 1 and an error containing %q", r.code, r.stderr, msg)
	}
	return r
}

// writeModule writes a small hand-assembled module (a function exported as "run" and a "name"
// custom section) to dir/name and returns its path.
func writeModule(t *testing.T, dir, name string) string {
	t.Helper()
	mod := slices.Concat(
		[]byte("\x00asm\x01\x00\x00\x00"),
		[]byte{1, 4, 1, 0x60, 0, 0},             // type section: () -> ()
		[]byte{3, 2, 1, 0},                      // function section
		[]byte{7, 7, 1, 3, 'r', 'u', 'n', 0, 0}, // export "run" = func 0
		[]byte{10, 4, 1, 2, 0, 0x0b},            // code section
		[]byte{0, 7, 4, 'n', 'a', 'm', 'e', 1, 0},
	)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, mod, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestHelp(t *testing.T) {
	isolate(t)
	for _, args := range [][]string{{}, {"keys"}, {"keys", "gen"}, {"claims"}, {"claims", "sign"}, {"claims", "inspect"}, {"build"}} {
		r := trellis(t, append(args, "--help")...).mustSucceed(t)
		if !strings.Contains(r.stdout, "Examples:") || !strings.Contains(r.stdout, "Usage:") {
			t.Errorf("trellis %s --help has no usage or examples:\n%s", strings.Join(args, " "), r.stdout)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	isolate(t)
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"claims", "sign", "--bogus", "x.wasm"}, "unknown flag: --bogus (see 'trellis claims sign --help')"},
		{[]string{"claims", "sign", "x.wasm"}, `required flag(s) "name" not set`},
		{[]string{"claims", "inspect"}, "trellis claims inspect takes one module file, got 0 arguments"},
		{[]string{"keys", "gen", "account", "-o", "yaml"}, `unknown output format "yaml"`},
		{[]string{"build", "a", "b"}, "accepts at most 1 arg(s)"},
	}
	for _, tt := range tests {
		trellis(t, tt.args...).mustFail(t, tt.msg)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
