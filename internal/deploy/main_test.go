package deploy

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/goleak"

	"github.com/trellis-lattice/trellis/internal/actorbuild"
	"github.com/trellis-lattice/trellis/internal/claims"
)

// echoRefs are file:// references of examples/echo signed as revisions 1 and 2 of one actor.
var (
	testDir  string
	echoRefs = map[int32]string{}
	echoKey  string
)

func TestMain(m *testing.M) { os.Exit(runMain(m)) }

func runMain(m *testing.M) int {
	var err error
	if testDir, err = os.MkdirTemp("", "deploy-test"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(testDir)
	if err := buildEcho(); err != nil {
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

func buildEcho() error {
	mod, err := actorbuild.Compile(context.Background(), filepath.Join("..", "..", "examples", "echo"))
	if err != nil {
		return err
	}
	issuer, err := claims.NewKeyPair(claims.PrefixAccount)
	if err != nil {
		return err
	}
	subject, err := claims.NewKeyPair(claims.PrefixModule)
	if err != nil {
		return err
	}
	echoKey = subject.PublicKey()
	for _, rev := range []int32{1, 2} {
		signed, err := claims.SignModule(mod, claims.ActorClaims{Name: "echo", Caps: []string{"wasmcloud:httpserver"}, Rev: rev}, issuer, echoKey)
		if err != nil {
			return err
		}
		path := filepath.Join(testDir, fmt.Sprintf("echo_rev%d.wasm", rev))
		if err := os.WriteFile(path, signed, 0o644); err != nil {
			return err
		}
		echoRefs[rev] = "file://" + path
	}
	return nil
}
