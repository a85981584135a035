package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/internal/actorbuild"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

// needGo skips the test if there is no go command, and keeps the go command's caches where they
// are although isolate moves HOME.
func needGo(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	vars := []string{"GOCACHE", "GOMODCACHE", "GOPATH"}
	out, err := exec.Command("go", append([]string{"env"}, vars...)...).Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	for i, v := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		t.Setenv(vars[i], v)
	}
}

// TestBuild compiles testdata/hello with the real Go toolchain.
func TestBuild(t *testing.T) {
	needGo(t)
	keys := isolate(t)
	out := filepath.Join(t.TempDir(), "hello_s.wasm")
	r := trellis(t, "build", filepath.Join("testdata", "hello"), "--cap", "wasmcloud:httpserver", "--ver", "0.0.1", "-o", out).mustSucceed(t)
	if !strings.HasPrefix(r.stdout, "Built "+out) {
		t.Errorf("stdout = %q", r.stdout)
	}
	mod := readFile(t, out)

	exports, err := wasmbin.Exports(mod)
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]uint32{}
	for _, e := range exports {
		if e.Kind == wasmbin.ExternFunc {
			funcs[e.Name] = e.Index
		}
	}
	init, ok1 := funcs[actorbuild.ExportInitialize]
	wapc, ok2 := funcs[actorbuild.ExportWapcInit]
	if _, ok3 := funcs["add"]; !ok1 || !ok2 || !ok3 || init != wapc {
		t.Errorf("exports %v: want add, and _initialize and wapc_init naming the same function", funcs)
	}

	a, err := claims.ValidateModule(mod, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	module, err := readKeyFile(filepath.Join(keys, "hello_module.nk"), claims.PrefixModule)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "hello" || a.Subject != module.PublicKey() || len(a.Caps) != 1 || a.Caps[0] != "wasmcloud:httpserver" || a.Ver != "0.0.1" {
		t.Errorf("claims = %+v", a.ActorClaims)
	}
}

func TestBuildCompileError(t *testing.T) {
	needGo(t)
	isolate(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module broken\n\ngo 1.24\n")
	writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nfunc main() { undefinedThing() }\n")
	r := trellis(t, "build", dir)
	r.mustFail(t, "go build: exit status 1")
	if !strings.Contains(r.stderr, "undefined: undefinedThing") {
		t.Errorf("stderr does not show the compiler's message:\n%s", r.stderr)
	}
}
