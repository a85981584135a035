package claims

import (
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestRealActorTokens decodes actor tokens signed by wasmCloud's own tools and verifies their
// signatures.
func TestRealActorTokens(t *testing.T) {
	tests := []struct {
		file string
		want ActorClaims
	}{
		{"echo_actor.jwt", ActorClaims{
			Claims: Claims{ID: "SjB5fm974Sju9WMgTUchsb", IssuedAt: time.Unix(1644843743, 0).UTC(),
				Issuer:  "ACOJJN6WUP4ODD75XEBKKTCCUJJCY5ZKQ56XVKYK4BEJWGVAOOQHZMCW",
				Subject: "MBCFOPM6JW2APJLXJD3Z5O4CN7CPYJ2B4FTKLJUR5YR5MITIU7HD3WD5"},
			Name: "Echo", Hash: "4CEC673A7DCCEA6A4165BB195832C7936471CF7AB4501F837F8D679F4400BC97",
			Tags: []string{}, Caps: []string{"wasmcloud:httpserver"}, Rev: 4, Ver: "0.3.4",
		}},
		{"http_hello_world.jwt", ActorClaims{
			Claims: Claims{ID: "qveNjFcqnuuhPiRT2E5abW", IssuedAt: time.Unix(1721834889, 0).UTC(),
				Issuer:         "ABOGB4W5DOX3UO3RVWWQGYSMVXHRPQYXVZP5U4VFMJDCYCWAR7S5CYMO",
				Subject:        "MC5CC4UD5LPDZ4C7ZNAEA4OZQ3BEFLSVQ742W3TET3ONKS4DRBVNM5IC",
				WascapRevision: 3},
			Name: "http-hello-world", Hash: "CE90192C99C0B2C608B2E2CB619A9251FB681856C15681B1BCD62EEDA2D5128E",
			Tags: []string{"wasmcloud.com/experimental"}, Ver: "0.1.0",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			token := readFixture(t, tt.file)
			a, err := DecodeActor(token)
			if err != nil {
				t.Fatal(err)
			}
			assertActorClaims(t, a.ActorClaims, tt.want)
			if a.Token != token || a.PublicKey() != tt.want.Subject {
				t.Errorf("Token or PublicKey not kept")
			}
			if err := CheckSignature(token); err != nil {
				t.Errorf("CheckSignature: %v", err)
			}
			// The same checks ValidateModule makes, minus the module hash.
			p, err := parseToken[actorWire](token)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.verify(a.IssuedAt.Add(time.Hour)); err != nil {
				t.Errorf("verify: %v", err)
			}
			if err := p.checkKeys(PrefixModule); err != nil {
				t.Errorf("checkKeys: %v", err)
			}
		})
	}
}

func assertActorClaims(t *testing.T, got, want ActorClaims) {
	t.Helper()
	if !got.IssuedAt.Equal(want.IssuedAt) || !got.Expires.Equal(want.Expires) || !got.NotBefore.Equal(want.NotBefore) {
		t.Errorf("times: got iat %v exp %v nbf %v, want %v %v %v", got.IssuedAt, got.Expires, got.NotBefore,
			want.IssuedAt, want.Expires, want.NotBefore)
	}
	got.IssuedAt, got.Expires, got.NotBefore = want.IssuedAt, want.Expires, want.NotBefore
	if got.Name != want.Name || got.Hash != want.Hash || !slices.Equal(got.Tags, want.Tags) ||
		!slices.Equal(got.Caps, want.Caps) || got.Rev != want.Rev || got.Ver != want.Ver ||
		got.CallAlias != want.CallAlias || got.Provider != want.Provider || got.Claims != want.Claims {
		t.Errorf("claims:\n got %+v\nwant %+v", got, want)
	}
}

func TestRealProviderToken(t *testing.T) {
	token := readFixture(t, "kv_provider.jwt")
	p, err := ValidateToken(token, time.Unix(1609943193+60, 0))
	if err != nil {
		t.Fatal(err)
	}
	want := ProviderClaims{
		Claims: Claims{ID: "gqRAcFHoIJunyLZb1z3zsg", IssuedAt: time.Unix(1609943193, 0).UTC(),
			Issuer:  "ACOJJN6WUP4ODD75XEBKKTCCUJJCY5ZKQ56XVKYK4BEJWGVAOOQHZMCW",
			Subject: "VAHNM37G4ARHZ3CYHB3L34M6TYQWQR6IZ4QVYC4NYZWTJCJ2LWP7S6Z2"},
		Name: "NATS Replicated In-Memory Key-Value Store", CapID: "wasmcloud:keyvalue", Vendor: "wasmCloud",
		Rev: 1, Ver: "0.1.0",
	}
	if p.Claims != want.Claims || p.Name != want.Name || p.CapID != want.CapID || p.Vendor != want.Vendor ||
		p.Rev != want.Rev || p.Ver != want.Ver || p.TargetHashes == nil || len(p.TargetHashes) != 0 {
		t.Errorf("ValidateToken:\n got %+v\nwant %+v", p.ProviderClaims, want)
	}
	if p.PublicKey() != want.Subject || p.Token != token {
		t.Error("PublicKey or Token not kept")
	}
	// An actor token is not a provider token.
	if _, err := ValidateToken(readFixture(t, "echo_actor.jwt"), time.Now()); !errors.Is(err, ErrWrongKeyType) {
		t.Errorf("ValidateToken(actor token) = %v, want ErrWrongKeyType", err)
	}
}

// tamper decodes the claims segment of token, applies edit to its JSON and re-encodes it, keeping
// the original signature.
func tamper(t *testing.T, token string, edit func(string) string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	edited := edit(string(payload))
	if edited == string(payload) {
		t.Fatal("tamper: edit changed nothing")
	}
	parts[1] = base64.RawURLEncoding.EncodeToString([]byte(edited))
	return strings.Join(parts, ".")
}

// flipSignature changes one byte of token's signature.
func flipSignature(t *testing.T, token string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	sig[10] ^= 0x01
	parts[2] = base64.RawURLEncoding.EncodeToString(sig)
	return strings.Join(parts, ".")
}

func TestTokenErrors(t *testing.T) {
	echo := readFixture(t, "echo_actor.jwt")
	parts := strings.Split(echo, ".")
	hdr := func(h string) string {
		return base64.RawURLEncoding.EncodeToString([]byte(h)) + "." + parts[1] + "." + parts[2]
	}
	tests := []struct {
		name  string
		token string
		want  error
		msg   string
	}{
		{"flipped signature", flipSignature(t, echo), ErrBadSignature, "bad signature: not signed by ACOJJN6"},
		{"edited name", tamper(t, echo, func(s string) string { return strings.Replace(s, `"Echo"`, `"Echp"`, 1) }),
			ErrBadSignature, "bad signature"},
		{"added cap", tamper(t, echo, func(s string) string { return strings.Replace(s, `"caps":[`, `"caps":["wasmcloud:keyvalue",`, 1) }),
			ErrBadSignature, "bad signature"},
		{"two segments", parts[0] + "." + parts[1], ErrMalformed, "malformed claims token: 2 segments, want 3"},
		{"four segments", echo + ".x", ErrMalformed, "4 segments"},
		{"empty", "", ErrMalformed, "1 segments"},
		{"alg", hdr(`{"typ":"jwt","alg":"HS256"}`), ErrBadHeader,
			`unsupported token header: typ "jwt", alg "HS256"; want typ "jwt", alg "Ed25519"`},
		{"typ", hdr(`{"typ":"JOSE","alg":"Ed25519"}`), ErrBadHeader, `typ "JOSE"`},
		{"header not JSON", hdr(`typ`), ErrMalformed, "header JSON"},
		{"claims not base64", parts[0] + ".!!." + parts[2], ErrMalformed, "claims segment"},
		{"signature not base64", parts[0] + "." + parts[1] + ".!!", ErrMalformed, "signature segment"},
		{"no issuer", tamper(t, echo, func(s string) string { return strings.Replace(s, `"iss"`, `"isx"`, 1) }),
			ErrMalformed, "no issuer (iss)"},
		{"no subject", tamper(t, echo, func(s string) string { return strings.Replace(s, `"sub"`, `"sux"`, 1) }),
			ErrMalformed, "no subject (sub)"},
		{"negative exp", tamper(t, echo, func(s string) string { return strings.Replace(s, `"iat"`, `"exp":-5,"iat"`, 1) }),
			ErrMalformed, "negative time"},
		{"string iat", tamper(t, echo, func(s string) string { return strings.Replace(s, `"iat":1644843743`, `"iat":"x"`, 1) }),
			ErrMalformed, "claims JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckSignature(tt.token)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("CheckSignature = %v\nwant %v containing %q", err, tt.want, tt.msg)
			}
		})
	}
}

func TestNormalizeCallAlias(t *testing.T) {
	tests := map[string]string{
		"":                    "",
		"  My Actor  ":        "my_actor",
		"acme/Echo-Server.v2": "acme/echo_server_v2",
		"Grüße welt":          "gre_welt",
		"already_ok":          "already_ok",
		"\tTabs\n":            "tabs",
	}
	for in, want := range tests {
		if got := NormalizeCallAlias(in); got != want {
			t.Errorf("NormalizeCallAlias(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEffectiveRevision(t *testing.T) {
	iat := time.Unix(1700000000, 0)
	for _, tt := range []struct {
		rev  int32
		want int64
	}{{0, 1700000000}, {7, 7}} {
		a := &Actor{ActorClaims: ActorClaims{Claims: Claims{IssuedAt: iat}, Rev: tt.rev}}
		if got := a.EffectiveRevision(); got != tt.want {
			t.Errorf("EffectiveRevision(rev %d) = %d, want %d", tt.rev, got, tt.want)
		}
	}
}

func TestNewID(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		id, err := newID()
		if err != nil {
			t.Fatal(err)
		}
		if len(id) != idLen || strings.Trim(id, idAlphabet) != "" || seen[id] {
			t.Fatalf("newID() = %q: want %d fresh base62 characters", id, idLen)
		}
		seen[id] = true
	}
}
