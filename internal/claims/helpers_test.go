package claims

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readFixture returns a file from testdata without its trailing newline.
func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// fixedKey returns a deterministic key pair whose seed is 32 copies of b.
func fixedKey(t testing.TB, p Prefix, b byte) *KeyPair {
	t.Helper()
	kp, err := keyPairFromSeed(p, bytes.Repeat([]byte{b}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

func newKey(t *testing.T, p Prefix) *KeyPair {
	t.Helper()
	kp, err := NewKeyPair(p)
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

// tinyModule hand-assembles a valid module: one function type, one function exported as "run",
// and a "name" custom section (so claim sections are not the only custom sections).
func tinyModule() []byte {
	return slices.Concat(
		[]byte("\x00asm\x01\x00\x00\x00"),
		[]byte{1, 4, 1, 0x60, 0, 0},                     // type section: () -> ()
		[]byte{3, 2, 1, 0},                              // function section: func 0 has type 0
		[]byte{7, 7, 1, 3, 'r', 'u', 'n', 0, 0},         // export section: "run" = func 0
		[]byte{10, 4, 1, 2, 0, 0x0b},                    // code section: empty body
		[]byte{0, 7, 4, 'n', 'a', 'm', 'e', 0x01, 0x00}, // custom "name"
	)
}

// customSection encodes a custom section (names and payloads under 128 bytes only).
func customSection(name, payload string) []byte {
	return slices.Concat([]byte{0, byte(1 + len(name) + len(payload)), byte(len(name))}, []byte(name), []byte(payload))
}
