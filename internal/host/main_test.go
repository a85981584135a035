package host

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/goleak"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/internal/actorbuild"
	"github.com/trellis-lattice/trellis/internal/claims"
)

// Signed example actors written once for the package's tests: name → file:// reference.
var (
	actorRefs  = map[string]string{}
	actorKeys  = map[string]string{}
	testIssuer *claims.KeyPair
	testDir    string
)

// exampleClaims are the claims each example gets, as `make examples` gives them.
var exampleClaims = map[string]claims.ActorClaims{
	"echo":      {Name: "echo", Caps: []string{httpserver.ContractID}, Rev: 1},
	"pinger":    {Name: "pinger", Caps: []string{httpserver.ContractID}, Rev: 1},
	"ponger":    {Name: "ponger", CallAlias: "examples/ponger", Rev: 1},
	"kvcounter": {Name: "kvcounter", Caps: []string{httpserver.ContractID, keyvalue.ContractID}, Rev: 1},
}

func TestMain(m *testing.M) { os.Exit(runMain(m)) }

func runMain(m *testing.M) int {
	var err error
	if testDir, err = os.MkdirTemp("", "host-test"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(testDir)
	if testIssuer, err = claims.NewKeyPair(claims.PrefixAccount); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for name, c := range exampleClaims {
		ref, key, err := buildSigned(name, c)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		actorRefs[name], actorKeys[name] = ref, key
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

// moduleKeys keeps one subject key per example so that re-signed revisions keep their identity.
var moduleKeys = map[string]*claims.KeyPair{}

// buildSigned compiles an example and signs it with c, returning a file:// reference.
func buildSigned(name string, c claims.ActorClaims) (ref, key string, err error) {
	mod, err := actorbuild.Compile(context.Background(), filepath.Join("..", "..", "examples", name))
	if err != nil {
		return "", "", err
	}
	return signTo(name, mod, c)
}

var compiled = map[string][]byte{}

func signTo(name string, mod []byte, c claims.ActorClaims) (string, string, error) {
	compiled[name] = mod
	kp := moduleKeys[name]
	if kp == nil {
		var err error
		if kp, err = claims.NewKeyPair(claims.PrefixModule); err != nil {
			return "", "", err
		}
		moduleKeys[name] = kp
	}
	signed, err := claims.SignModule(mod, c, testIssuer, kp.PublicKey())
	if err != nil {
		return "", "", err
	}
	path := filepath.Join(testDir, fmt.Sprintf("%s_rev%d.wasm", name, c.Rev))
	if err := os.WriteFile(path, signed, 0o644); err != nil {
		return "", "", err
	}
	return "file://" + path, kp.PublicKey(), nil
}

// revision signs the already compiled example again with another revision.
func revision(t *testing.T, name string, rev int32) string {
	t.Helper()
	c := exampleClaims[name]
	c.Rev = rev
	ref, _, err := signTo(name, compiled[name], c)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}
