package lattice

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/internal/claims"
)

var testNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return testNow }

// TestInvocationTokenGolden pins the token layout: with fixed keys, id, jti and time the whole
// token is fixed (Ed25519 is deterministic).
func TestInvocationTokenGolden(t *testing.T) {
	s := newSigner(t, fixedNow)
	inv := goldenInvocation()
	token, err := s.token(inv, "TrellisInvocation00001", testNow.Add(300*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(token, ".")
	header, _ := base64.RawURLEncoding.DecodeString(parts[0])
	body, _ := base64.RawURLEncoding.DecodeString(parts[1])
	checkGoldenText(t, "invocation_token.txt", fmt.Sprintf("%s\n%s\n%s\n", header, body, token))
	c, err := claims.ParseJWT(token, &invocationWascap{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Issuer != s.Issuer() || c.Subject != inv.ID || !c.IssuedAt.Equal(testNow) || !c.Expires.Equal(testNow.Add(DefaultInvocationTTL)) {
		t.Fatalf("claims %+v", c)
	}
}

func TestPayloadHash(t *testing.T) {
	// printf '%s' 'wasmbus://Mwasmbus://V/OpOpmsg' | sha256sum
	const want = "14734620E96F94D52C17582CC683B26875EC26DE7D3B379E06CC71FA4E9814B6"
	if got := PayloadHash("wasmbus://M", "wasmbus://V/Op", "Op", []byte("msg")); got != want {
		t.Fatalf("PayloadHash = %s, want %s", got, want)
	}
}

func TestNewSignerValidates(t *testing.T) {
	actorKey, err := claims.NewKeyPair(claims.PrefixModule)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cfg  SignerConfig
		want string
	}{
		{"no key", SignerConfig{HostID: hostPK}, "no cluster key"},
		{"module key", SignerConfig{Cluster: actorKey, HostID: hostPK}, "want a cluster key"},
		{"cluster key as host id", SignerConfig{Cluster: mustSeed(t, clusterSeed), HostID: mustSeed(t, clusterSeed).PublicKey()}, "host id"},
		{"negative ttl", SignerConfig{Cluster: mustSeed(t, clusterSeed), HostID: hostPK, TTL: -time.Second}, "negative token TTL"},
	}
	for _, tt := range tests {
		if _, err := NewSigner(tt.cfg); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: NewSigner error = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestNewInvocation(t *testing.T) {
	s := newSigner(t, nil)
	msg := []byte("payload")
	inv, err := s.NewInvocation(ActorEntity(otherActorPK), ActorEntity(actorPK), "Pingpong.Ping", msg)
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.ID) != 36 || inv.ID[14] != '4' || inv.HostID != hostPK || *inv.ContentLength != 7 {
		t.Fatalf("invocation %+v: want a UUIDv4 id, host id %s, content length 7", inv, hostPK)
	}
	if err := newValidator(t).Validate(inv, msg, ActorEntity(actorPK)); err != nil {
		t.Fatal(err)
	}
}

// craftToken signs a token for inv with free-form claims, as other implementations might.
func craftToken(t *testing.T, inv *Invocation, c claims.Claims, w *invocationWascap) string {
	t.Helper()
	if w == nil {
		originURL, targetURL := inv.Origin.URL(), TargetURL(inv.Target, inv.Operation)
		w = &invocationWascap{TargetURL: targetURL, OriginURL: originURL, Hash: PayloadHash(originURL, targetURL, inv.Operation, inv.Msg)}
	}
	token, err := claims.SignJWT(c, w, mustSeed(t, clusterSeed))
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func TestValidate(t *testing.T) {
	provider := ProviderEntity(providerPK, "wasmcloud:keyvalue", "default")
	msg := []byte("the payload")
	tests := []struct {
		name   string
		target Entity
		self   Entity
		edit   func(inv *Invocation, v *Validator) []byte // returns the full payload to validate
		want   error
		detail string // substring of the error message
	}{
		{name: "valid actor call", target: ActorEntity(actorPK), self: ActorEntity(actorPK)},
		{name: "valid provider call", target: provider, self: provider},
		{name: "OTP host id is the cluster key", edit: func(inv *Invocation, _ *Validator) []byte {
			inv.HostID = mustSeed(t, clusterSeed).PublicKey()
			return msg
		}},
		{name: "token without exp (wasmCloud peers)", edit: func(inv *Invocation, v *Validator) []byte {
			inv.EncodedClaims = craftToken(t, inv, claims.Claims{Subject: inv.ID, IssuedAt: testNow.Add(-24 * time.Hour)}, nil)
			return msg
		}},
		{name: "chunked: hash over the full payload", edit: func(inv *Invocation, _ *Validator) []byte {
			inv.Msg = nil
			return msg
		}},
		{name: "expired", edit: func(inv *Invocation, v *Validator) []byte {
			v.Now = func() time.Time { return testNow.Add(61 * time.Second) }
			return msg
		}, want: ErrInvocationExpired, detail: "expired at 2025-06-01T12:01:00Z, now 2025-06-01T12:01:01Z"},
		{name: "not yet valid", edit: func(inv *Invocation, v *Validator) []byte {
			inv.EncodedClaims = craftToken(t, inv, claims.Claims{Subject: inv.ID, NotBefore: testNow.Add(time.Minute)}, nil)
			return msg
		}, want: ErrInvocationNotYetValid, detail: "not before 2025-06-01T12:01:00Z"},
		{name: "untrusted issuer", edit: func(inv *Invocation, v *Validator) []byte {
			v.ClusterIssuers = []string{mustSeed(t, otherClusterSeed).PublicKey()}
			return msg
		}, want: ErrUntrustedIssuer, detail: "is not one of the 1 trusted cluster keys"},
		{name: "tampered claims", edit: func(inv *Invocation, _ *Validator) []byte {
			parts := strings.Split(inv.EncodedClaims, ".")
			other := craftToken(t, inv, claims.Claims{Subject: inv.ID, Expires: testNow.Add(time.Hour)}, nil)
			inv.EncodedClaims = parts[0] + "." + strings.Split(other, ".")[1] + "." + parts[2]
			return msg
		}, want: ErrBadInvocationSignature, detail: "not signed by"},
		{name: "two segments", edit: func(inv *Invocation, _ *Validator) []byte {
			inv.EncodedClaims = inv.EncodedClaims[:strings.LastIndex(inv.EncodedClaims, ".")]
			return msg
		}, want: ErrMalformedInvocation, detail: "2 segments"},
		{name: "no wascap", edit: func(inv *Invocation, _ *Validator) []byte {
			token, err := claims.SignJWT(claims.Claims{Subject: inv.ID}, nil, mustSeed(t, clusterSeed))
			if err != nil {
				t.Fatal(err)
			}
			inv.EncodedClaims = token
			return msg
		}, want: ErrMalformedInvocation, detail: "no wascap object"},
		{name: "token of another invocation", edit: func(inv *Invocation, _ *Validator) []byte {
			inv.ID = "11111111-2222-4333-8444-555555555555"
			return msg
		}, want: ErrClaimsMismatch, detail: "token issued for invocation"},
		{name: "other operation", edit: func(inv *Invocation, _ *Validator) []byte {
			inv.Operation = "Pingpong.Pong"
			return msg
		}, want: ErrClaimsMismatch, detail: "Pingpong.Ping\", invocation target"},
		{name: "other origin", edit: func(inv *Invocation, _ *Validator) []byte {
			inv.Origin = ActorEntity(actorPK)
			return msg
		}, want: ErrClaimsMismatch, detail: "token origin"},
		{name: "other payload", edit: func(inv *Invocation, _ *Validator) []byte {
			return []byte("the pAyload")
		}, want: ErrHashMismatch, detail: "11-byte payload hashes to"},
		{name: "addressed to another actor", self: ActorEntity(otherActorPK), want: ErrWrongTarget,
			detail: "addressed to actor " + actorPK + ", received by actor " + otherActorPK},
		{name: "addressed to another link", target: provider, self: ProviderEntity(providerPK, "wasmcloud:keyvalue", "blue"),
			want: ErrWrongTarget, detail: `addressed to link "default"`},
		{name: "module key as host id", edit: func(inv *Invocation, _ *Validator) []byte {
			inv.HostID = actorPK
			return msg
		}, want: ErrBadHostID, detail: "is a module key"},
		{name: "garbage host id", edit: func(inv *Invocation, _ *Validator) []byte {
			inv.HostID = "N" + strings.Repeat("A", 55)
			return msg
		}, want: ErrBadHostID},
		{name: "payload too large", edit: func(inv *Invocation, v *Validator) []byte {
			v.MaxPayload = 10
			return msg
		}, want: ErrPayloadTooLarge, detail: "11 bytes, limit 10"},
		{name: "content length disagrees", edit: func(inv *Invocation, _ *Validator) []byte {
			*inv.ContentLength = 99
			return msg
		}, want: ErrMalformedInvocation, detail: "content_length 99, payload has 11 bytes"},
		{name: "no id", edit: func(inv *Invocation, _ *Validator) []byte {
			inv.ID = ""
			return msg
		}, want: ErrMalformedInvocation, detail: "no id"},
	}
	signer := newSigner(t, fixedNow)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target, self := tt.target, tt.self
			if target.PublicKey == "" {
				target = ActorEntity(actorPK)
			}
			if self.PublicKey == "" {
				self = target
			}
			inv, err := signer.NewInvocation(ActorEntity(otherActorPK), target, "Pingpong.Ping", msg)
			if err != nil {
				t.Fatal(err)
			}
			v := newValidator(t)
			v.Now = fixedNow
			full := msg
			if tt.edit != nil {
				full = tt.edit(inv, v)
			}
			err = v.Validate(inv, full, self)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Validate = %v, want %v", err, tt.want)
			}
			if err == nil {
				return
			}
			if prefix := "invocation " + inv.ID + " (" + inv.Operation + "): "; !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("error %q does not start with %q", err, prefix)
			}
			if !strings.Contains(err.Error(), tt.detail) {
				t.Errorf("error %q does not contain %q", err, tt.detail)
			}
		})
	}
}
