package wasmrt

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/internal/claims"
)

// signModule signs mod as an actor named "guest" with a fresh account and module key;
// edit may change the claims before signing.
func signModule(t testing.TB, mod []byte, edit func(*claims.ActorClaims)) []byte {
	t.Helper()
	issuer, err := claims.NewKeyPair(claims.PrefixAccount)
	if err != nil {
		t.Fatal(err)
	}
	subject, err := claims.NewKeyPair(claims.PrefixModule)
	if err != nil {
		t.Fatal(err)
	}
	c := claims.ActorClaims{Name: "guest", Caps: []string{"wasmcloud:keyvalue"}, Rev: 1, Ver: "0.1.0"}
	if edit != nil {
		edit(&c)
	}
	signed, err := claims.SignModule(mod, c, issuer, subject.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// signedGuest is the test guest, signed.
func signedGuest(t testing.TB) []byte { return signModule(t, guestWasm, nil) }

func countFiles(t testing.TB, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var hourAgo = func() time.Time { return time.Now().Add(-time.Hour) }
