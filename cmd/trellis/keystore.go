package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/trellis-lattice/trellis/internal/claims"
)

// envKeysDir overrides the directory where keys are kept.
const envKeysDir = "TRELLIS_KEYS_DIR"

// keysDir returns the directory of saved keys: $TRELLIS_KEYS_DIR, or ~/.trellis/keys.
func keysDir() (string, error) {
	if dir := os.Getenv(envKeysDir); dir != "" {
		return dir, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find keys directory: %w (set %s)", err, envKeysDir)
	}
	return filepath.Join(home, ".trellis", "keys"), nil
}

// keyPath returns where the key called name of type p is saved: <dir>/<name>_<type>.nk.
func keyPath(dir, name string, p claims.Prefix) string {
	return filepath.Join(dir, fileName(name)+"_"+p.String()+".nk")
}

// fileName makes name safe to use in a file name.
func fileName(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, name)
}

// saveKey writes kp's seed to path with mode 0600, creating the directory (0700). It refuses to
// replace an existing file unless force is set.
func saveKey(path string, kp *claims.KeyPair, force bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("save key: %w", err)
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("save key: %s already exists (use --force to replace it, and lose the old key)", path)
	}
	if err != nil {
		return fmt.Errorf("save key: %w", err)
	}
	_, err = f.WriteString(kp.Seed() + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("save key %s: %w", path, err)
	}
	return nil
}

// readKeyFile reads a seed file and parses it as a key of type want.
func readKeyFile(path string, want claims.Prefix) (*claims.KeyPair, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s key: %w", want, err)
	}
	kp, err := claims.ParseSeedAs(strings.TrimSpace(string(b)), want)
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return kp, nil
}

// loadOrCreateKey returns the saved key called name of type p, creating and saving it if there is
// none yet. created reports whether it was new.
func loadOrCreateKey(dir, name string, p claims.Prefix) (kp *claims.KeyPair, path string, created bool, err error) {
	path = keyPath(dir, name, p)
	kp, err = readKeyFile(path, p)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return kp, path, false, err
	}
	if kp, err = claims.NewKeyPair(p); err != nil {
		return nil, "", false, err
	}
	if err := saveKey(path, kp, false); err != nil {
		return nil, "", false, err
	}
	return kp, path, true, nil
}

// base32Chars are the characters of encoded nkeys.
const base32Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// looksLikeSeed reports whether s has the shape of an nkey seed rather than of a file path.
func looksLikeSeed(s string) bool {
	return len(s) == 58 && s[0] == 'S' && strings.Trim(s, base32Chars) == ""
}

// looksLikePublicKey reports whether s has the shape of an nkey public key rather than of a file
// path.
func looksLikePublicKey(s string) bool {
	return len(s) == 56 && strings.Trim(s, base32Chars) == ""
}

// keyFromFlag parses a --issuer style value: a seed, or the path of a file holding one.
func keyFromFlag(value string, want claims.Prefix) (*claims.KeyPair, error) {
	if looksLikeSeed(value) {
		return claims.ParseSeedAs(value, want)
	}
	return readKeyFile(value, want)
}
