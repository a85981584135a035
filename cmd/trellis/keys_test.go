package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/internal/claims"
)

func TestKeysGen(t *testing.T) {
	isolate(t)
	tests := []struct {
		typ    string
		prefix claims.Prefix
	}{
		{"account", claims.PrefixAccount}, {"module", claims.PrefixModule}, {"provider", claims.PrefixProvider},
		{"host", claims.PrefixHost}, {"cluster", claims.PrefixCluster}, {"operator", claims.PrefixOperator},
		{"user", claims.PrefixUser},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			r := trellis(t, "keys", "gen", tt.typ, "-o", "json").mustSucceed(t)
			var k keyOutput
			if err := json.Unmarshal([]byte(r.stdout), &k); err != nil {
				t.Fatalf("decode %q: %v", r.stdout, err)
			}
			kp, err := claims.ParseSeedAs(k.Seed, tt.prefix)
			if err != nil {
				t.Fatal(err)
			}
			if k.Type != tt.prefix.String() || kp.PublicKey() != k.PublicKey || k.PublicKey[0] != tt.prefix.Letter() ||
				k.Seed[:2] != "S"+string(tt.prefix.Letter()) || k.Path != "" {
				t.Errorf("keys gen %s = %+v", tt.typ, k)
			}

			text := trellis(t, "keys", "gen", tt.typ).mustSucceed(t).stdout
			if !strings.HasPrefix(text, "Public key: "+string(tt.prefix.Letter())) || !strings.Contains(text, "\nSeed:       S") {
				t.Errorf("text output:\n%s", text)
			}
		})
	}
}

func TestKeysGenSave(t *testing.T) {
	dir := isolate(t)
	r := trellis(t, "keys", "gen", "account", "--save", "acme", "-o", "json").mustSucceed(t)
	var k keyOutput
	if err := json.Unmarshal([]byte(r.stdout), &k); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "acme_account.nk")
	if k.Path != want {
		t.Errorf("path = %q, want %q", k.Path, want)
	}
	info, err := os.Stat(want)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", info.Mode().Perm())
	}
	if kp, err := readKeyFile(want, claims.PrefixAccount); err != nil || kp.PublicKey() != k.PublicKey {
		t.Errorf("saved key = %v, %v; want %s", kp, err, k.PublicKey)
	}

	trellis(t, "keys", "gen", "account", "--save", "acme").mustFail(t, "already exists (use --force")
	r = trellis(t, "keys", "gen", "account", "--save", "acme", "--force").mustSucceed(t)
	if !strings.Contains(r.stdout, "Saved to:   "+want) {
		t.Errorf("stdout does not say where the key went:\n%s", r.stdout)
	}
	if kp, _ := readKeyFile(want, claims.PrefixAccount); kp.PublicKey() == k.PublicKey {
		t.Error("--force did not replace the key")
	}
}

func TestKeysGenErrors(t *testing.T) {
	isolate(t)
	trellis(t, "keys", "gen", "seed").mustFail(t, `unknown key type "seed"`)
	trellis(t, "keys", "gen").mustFail(t, "takes one key type")
}
