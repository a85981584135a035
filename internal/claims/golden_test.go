package claims

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// checkGolden compares got with testdata/name, or rewrites the file when TRELLIS_UPDATE_GOLDEN is
// set.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if os.Getenv("TRELLIS_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := readFixture(t, name); got != want {
		t.Errorf("%s differs from the golden file:\n got %s\nwant %s", name, got, want)
	}
}

func segment(t *testing.T, token string, i int) string {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[i])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestGoldenActorToken pins the exact wire layout of the actor tokens Trellis signs. Ed25519 is
// deterministic, so with fixed keys, id and times the whole token is fixed.
func TestGoldenActorToken(t *testing.T) {
	account, module := fixedKey(t, PrefixAccount, 1), fixedKey(t, PrefixModule, 2)
	iat := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	c := ActorClaims{
		Claims: Claims{ID: "TrellisGoldenToken0001", IssuedAt: iat, Expires: iat.AddDate(1, 0, 0), NotBefore: iat},
		Name:   "Golden <Actor> & Co", Caps: []string{"wasmcloud:httpserver", "wasmcloud:keyvalue"},
		Tags: []string{"golden"}, Rev: 7, Ver: "1.2.3", CallAlias: "Golden.Actor",
	}
	signed, err := SignModule(tinyModule(), c, account, module.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	token, err := ExtractToken(signed)
	if err != nil {
		t.Fatal(err)
	}
	if h := segment(t, token, 0); h != tokenHeader {
		t.Errorf("header = %s, want %s", h, tokenHeader)
	}
	checkGolden(t, "actor_claims.golden.json", segment(t, token, 1))
	checkGolden(t, "actor_token.golden.jwt", token)
	if _, err := ValidateModule(signed, iat); err != nil {
		t.Errorf("ValidateModule(golden module): %v", err)
	}

	// A minimal token leaves every optional key out.
	minimal, err := SignModule(tinyModule(), ActorClaims{Claims: Claims{ID: "TrellisGoldenToken0002", IssuedAt: iat}},
		account, module.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	token, _ = ExtractToken(minimal)
	checkGolden(t, "actor_claims_minimal.golden.json", segment(t, token, 1))
}

func TestGoldenProviderToken(t *testing.T) {
	account, provider := fixedKey(t, PrefixAccount, 1), fixedKey(t, PrefixProvider, 3)
	iat := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for name, c := range map[string]ProviderClaims{
		"provider_claims.golden.json": {Claims: Claims{ID: "TrellisGoldenToken0003", IssuedAt: iat}, Name: "Key-Value",
			CapID: "wasmcloud:keyvalue", Vendor: "Trellis", Rev: 1, Ver: "0.1.0",
			TargetHashes: map[string]string{"x86_64-linux": strings.Repeat("AB", 32), "aarch64-linux": strings.Repeat("CD", 32)}},
		"provider_claims_minimal.golden.json": {Claims: Claims{ID: "TrellisGoldenToken0004", IssuedAt: iat},
			CapID: "wasmcloud:keyvalue", Vendor: "Trellis"},
	} {
		token, err := SignProvider(c, account, provider.PublicKey())
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, name, segment(t, token, 1))
	}
}
