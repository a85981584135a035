package wasmrt

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"go.uber.org/goleak"
)

var (
	// guestWasm is the test actor of testdata/guest, built once for the whole package.
	guestWasm []byte
	// testCacheDir is the compilation cache shared by the package's tests, so that each
	// distinct module is compiled once.
	testCacheDir string
)

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "wasmrt-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	testCacheDir = filepath.Join(dir, "cache")
	guestWasm, err = buildGuest(filepath.Join(dir, "guest.wasm"), "./testdata/guest")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := buildExamples(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	code := m.Run()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			return 1
		}
	}
	return code
}

// buildGuest compiles a Go package as a wasip1 reactor.
func buildGuest(out, pkg string) ([]byte, error) {
	cmd := exec.Command("go", "build", "-buildmode=c-shared", "-o", out, pkg)
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build %s: %v\n%s", pkg, err, b)
	}
	return os.ReadFile(out)
}
