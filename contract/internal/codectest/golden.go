package codectest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// UpdateEnv is the environment variable that makes Golden rewrite golden
// files instead of comparing against them.
const UpdateEnv = "TRELLIS_UPDATE_GOLDEN"

// Golden compares got with testdata/<name>.hex (hex as Dump writes it). With
// TRELLIS_UPDATE_GOLDEN=1 it writes the file instead.
func Golden(tb testing.TB, name string, got []byte) {
	tb.Helper()
	path := filepath.Join("testdata", name+".hex")
	if os.Getenv(UpdateEnv) == "1" {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(Dump(got)), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	text, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("read golden file (run with %s=1 to create it): %v", UpdateEnv, err)
	}
	want, err := ParseHex(string(text))
	if err != nil {
		tb.Fatalf("parse %s: %v", path, err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("encoding differs from %s\ngot:\n%swant:\n%s", path, Dump(got), Dump(want))
	}
}
