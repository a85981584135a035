package claims

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

// TestRealTokenInModule embeds the real Echo token in a hand-assembled module. The signature is
// genuine, so validation gets as far as the module hash, which cannot match.
func TestRealTokenInModule(t *testing.T) {
	token := readFixture(t, "echo_actor.jwt")
	mod := tinyModule()
	hash, err := ModuleHash(mod)
	if err != nil {
		t.Fatal(err)
	}
	for _, section := range []string{SectionJWT, SectionWasmcloudJWT} {
		signed := wasmbin.AppendCustom(mod, section, []byte(token))
		if h, _ := ModuleHash(signed); h != hash {
			t.Errorf("%s: ModuleHash changed by the claims section: %s, want %s", section, h, hash)
		}
		_, err := ValidateModule(signed, time.Now())
		want := "module hash mismatch: claims say 4CEC673A7DCCEA6A4165BB195832C7936471CF7AB4501F837F8D679F4400BC97, module is " + hash
		if !errors.Is(err, ErrHashMismatch) || err.Error() != want {
			t.Errorf("%s: ValidateModule = %v\nwant %s", section, err, want)
		}
	}
	tampered := map[string]string{
		"signature": flipSignature(t, token),
		"payload":   tamper(t, token, func(s string) string { return strings.Replace(s, `"rev":4`, `"rev":5`, 1) }),
	}
	for name, tok := range tampered {
		_, err := ValidateModule(wasmbin.AppendCustom(mod, SectionJWT, []byte(tok)), time.Now())
		if !errors.Is(err, ErrBadSignature) {
			t.Errorf("flipped %s: ValidateModule = %v, want ErrBadSignature", name, err)
		}
	}
}

func TestSignValidateRoundTrip(t *testing.T) {
	account, module := newKey(t, PrefixAccount), newKey(t, PrefixModule)
	now := time.Now()
	c := ActorClaims{Name: "Echo", Caps: []string{"wasmcloud:httpserver"}, Tags: []string{"demo"}, Rev: 3, Ver: "1.0.0",
		CallAlias: " Acme/Echo-Service ", Claims: Claims{Expires: now.Add(time.Hour), NotBefore: now.Add(-time.Hour)}}
	signed, err := SignModule(tinyModule(), c, account, module.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	a, err := ValidateModule(signed, now)
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := ModuleHash(tinyModule())
	want := c
	want.Issuer, want.Subject, want.Hash, want.CallAlias = account.PublicKey(), module.PublicKey(), hash, "acme/echo_service"
	want.Expires, want.NotBefore, want.IssuedAt = now.Add(time.Hour).Truncate(time.Second), now.Add(-time.Hour).Truncate(time.Second), a.IssuedAt
	want.ID = a.ID
	assertActorClaims(t, a.ActorClaims, want)
	if len(a.ID) != idLen || a.IssuedAt.Sub(now).Abs() > 2*time.Second || len(a.Warnings) != 0 {
		t.Errorf("ID %q, IssuedAt %v, Warnings %q", a.ID, a.IssuedAt, a.Warnings)
	}
	tok, _ := ExtractToken(signed)
	if a.Token != tok {
		t.Error("Actor.Token is not the embedded token")
	}
	if !bytes.HasPrefix(signed, tinyModule()) {
		t.Error("signing changed the module's bytes")
	}
}

// signedModule signs tinyModule with fresh keys and the given claims.
func signedModule(t *testing.T, c ActorClaims) []byte {
	t.Helper()
	signed, err := SignModule(tinyModule(), c, newKey(t, PrefixAccount), newKey(t, PrefixModule).PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// craftModule embeds a token with arbitrary wire claims in tinyModule, signed by issuer.
func craftModule(t *testing.T, issuer *KeyPair, c Claims, meta *actorWire) []byte {
	t.Helper()
	tok, err := encodeToken(c, meta, issuer)
	if err != nil {
		t.Fatal(err)
	}
	return wasmbin.AppendCustom(tinyModule(), SectionJWT, []byte(tok))
}

func TestValidateModuleErrors(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	account, module, provider := newKey(t, PrefixAccount), newKey(t, PrefixModule), newKey(t, PrefixProvider)
	hash, _ := ModuleHash(tinyModule())
	good := func() (Claims, *actorWire) {
		return Claims{ID: "x", IssuedAt: now, Issuer: account.PublicKey(), Subject: module.PublicKey()}, &actorWire{Hash: hash}
	}
	tampered := signedModule(t, ActorClaims{Name: "t"})
	tampered[slices.Index(tampered, 0x0b)] = 0x01 // the code section's `end` becomes `nop`
	tamperedHash, _ := ModuleHash(tampered)
	tamperedTok, _ := ExtractToken(tampered)
	tamperedClaims, _ := DecodeActor(tamperedTok)

	tests := []struct {
		name string
		mod  []byte
		want error
		msg  string
	}{
		{"no claims", tinyModule(), ErrNoClaims, "no claims"},
		{"not wasm", []byte("plain text"), wasmbin.ErrNotWasm, "not a WebAssembly module"},
		{"expired", signedModule(t, ActorClaims{Claims: Claims{Expires: now.Add(-time.Minute)}}), ErrExpired,
			"claims expired at 2025-06-01T11:59:00Z"},
		{"not yet valid", signedModule(t, ActorClaims{Claims: Claims{NotBefore: now.Add(time.Minute)}}), ErrNotYetValid,
			"claims not yet valid: not before 2025-06-01T12:01:00Z"},
		{"tampered module", tampered, ErrHashMismatch,
			fmt.Sprintf("module hash mismatch: claims say %s, module is %s", tamperedClaims.Hash, tamperedHash)},
		{"subject is a provider", func() []byte {
			c, w := good()
			c.Subject = provider.PublicKey()
			return craftModule(t, account, c, w)
		}(), ErrWrongKeyType, "subject " + provider.PublicKey() + ": got provider key (V…), want module key (M…)"},
		{"issuer is a module", func() []byte {
			c, w := good()
			c.Issuer = module.PublicKey()
			return craftModule(t, module, c, w)
		}(), ErrWrongKeyType, "issuer " + module.PublicKey() + ": got module key (M…), want account key (A…)"},
		{"prov true", func() []byte {
			c, w := good()
			w.Provider = true
			return craftModule(t, account, c, w)
		}(), ErrWrongKeyType, "prov: true"},
		{"issuer not the signer", func() []byte {
			c, w := good()
			return craftModule(t, newKey(t, PrefixAccount), c, w)
		}(), ErrBadSignature, "not signed by " + account.PublicKey()},
		{"revision 3 enforces hash", func() []byte {
			c, w := good()
			c.WascapRevision, w.Hash = 3, strings.Repeat("0", 64)
			return craftModule(t, account, c, w)
		}(), ErrHashMismatch, "claims say " + strings.Repeat("0", 64)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ValidateModule(tt.mod, now)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("ValidateModule = %v\nwant %v containing %q", err, tt.want, tt.msg)
			}
			if a != nil {
				t.Error("ValidateModule returned an actor with an error")
			}
		})
	}
}

func TestValidateModuleHashWarning(t *testing.T) {
	account, module := newKey(t, PrefixAccount), newKey(t, PrefixModule)
	for _, rev := range []uint32{1, 2} {
		c := Claims{ID: "x", IssuedAt: time.Now(), Issuer: account.PublicKey(), Subject: module.PublicKey(), WascapRevision: rev}
		a, err := ValidateModule(craftModule(t, account, c, &actorWire{Hash: "ABC"}), time.Now())
		if err != nil {
			t.Fatalf("revision %d: %v", rev, err)
		}
		want := fmt.Sprintf("(not enforced for wascap_revision %d)", rev)
		if len(a.Warnings) != 1 || !strings.HasPrefix(a.Warnings[0], "module hash mismatch: claims say ABC, module is ") ||
			!strings.HasSuffix(a.Warnings[0], want) {
			t.Errorf("revision %d: Warnings = %q", rev, a.Warnings)
		}
	}
}

func TestSignModuleKeys(t *testing.T) {
	account, module := newKey(t, PrefixAccount), newKey(t, PrefixModule)
	tests := []struct {
		name    string
		issuer  *KeyPair
		subject string
		msg     string
	}{
		{"issuer is a module key", module, module.PublicKey(), "got module key (M…), want account key (A…)"},
		{"subject is an account", account, account.PublicKey(), "subject: wrong key type: public key " + account.PublicKey() +
			": got account key (A…), want module key (M…)"},
		{"subject is not a key", account, "MNOPE", "subject: decode public key \"MNOPE\": invalid key: 5 characters, want 56"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SignModule(tinyModule(), ActorClaims{}, tt.issuer, tt.subject)
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("SignModule = %v, want error containing %q", err, tt.msg)
			}
		})
	}
	if _, err := SignModule([]byte("text"), ActorClaims{}, account, module.PublicKey()); !errors.Is(err, wasmbin.ErrNotWasm) {
		t.Errorf("SignModule(text) = %v, want ErrNotWasm", err)
	}
}

// TestResign checks that signing a signed module replaces its claims instead of adding more, and
// that modules carrying a wasmcloud_jwt section are read and re-signed alike.
func TestResign(t *testing.T) {
	account, module := newKey(t, PrefixAccount), newKey(t, PrefixModule)
	first, err := SignModule(tinyModule(), ActorClaims{Name: "one"}, account, module.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := ExtractToken(first)
	wasmcloud := wasmbin.AppendCustom(tinyModule(), SectionWasmcloudJWT, []byte(tok))
	if a, err := ValidateModule(wasmcloud, time.Now()); err != nil || a.Name != "one" {
		t.Fatalf("ValidateModule(wasmcloud_jwt section) = %+v, %v", a, err)
	}
	for _, in := range [][]byte{first, wasmcloud} {
		second, err := SignModule(in, ActorClaims{Name: "two"}, account, module.PublicKey())
		if err != nil {
			t.Fatal(err)
		}
		secs, _ := wasmbin.Sections(second)
		n := 0
		for _, s := range secs {
			if s.Name == SectionJWT || s.Name == SectionWasmcloudJWT {
				n++
			}
		}
		if a, err := ValidateModule(second, time.Now()); err != nil || a.Name != "two" || n != 1 {
			t.Errorf("re-signed: %d claim sections, ValidateModule = %+v, %v", n, a, err)
		}
	}
}

func TestExtractTokenFirstWins(t *testing.T) {
	mod := slices.Concat(tinyModule(), customSection("wasmcloud_jwt", "first"), customSection("jwt", "second"))
	if tok, err := ExtractToken(mod); err != nil || tok != "first" {
		t.Errorf("ExtractToken = %q, %v; want first", tok, err)
	}
}

func TestSignValidateProvider(t *testing.T) {
	account, provider := newKey(t, PrefixAccount), newKey(t, PrefixProvider)
	now := time.Now()
	c := ProviderClaims{CapID: "wasmcloud:keyvalue", Vendor: "Trellis", Rev: 2, Ver: "0.2.0",
		TargetHashes: map[string]string{"x86_64-linux": strings.Repeat("A", 64)}, Claims: Claims{Expires: now.Add(time.Hour)}}
	tok, err := SignProvider(c, account, provider.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	p, err := ValidateToken(tok, now)
	if err != nil {
		t.Fatal(err)
	}
	if p.CapID != c.CapID || p.Vendor != c.Vendor || p.Rev != 2 || p.Ver != "0.2.0" || p.Name != "" ||
		p.TargetHashes["x86_64-linux"] != c.TargetHashes["x86_64-linux"] || p.Issuer != account.PublicKey() {
		t.Errorf("ValidateToken = %+v", p)
	}
	if _, err := ValidateToken(tok, now.Add(2*time.Hour)); !errors.Is(err, ErrExpired) {
		t.Errorf("ValidateToken after exp = %v, want ErrExpired", err)
	}
	if _, err := SignProvider(c, account, newKey(t, PrefixModule).PublicKey()); !errors.Is(err, ErrWrongKeyType) {
		t.Errorf("SignProvider(module subject) = %v, want ErrWrongKeyType", err)
	}
	if _, err := ValidateToken(flipSignature(t, tok), now); !errors.Is(err, ErrBadSignature) {
		t.Errorf("ValidateToken(flipped) = %v, want ErrBadSignature", err)
	}
}
