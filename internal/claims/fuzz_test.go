package claims

import (
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

// FuzzDecodeToken checks that no token makes decoding or validation panic, and that a token that
// validates also decodes to the same claims.
func FuzzDecodeToken(f *testing.F) {
	for _, name := range []string{"echo_actor.jwt", "http_hello_world.jwt", "kv_provider.jwt", "actor_token.golden.jwt"} {
		f.Add(readFixture(f, name))
	}
	f.Add("a.b.c")
	f.Add("eyJ0eXAiOiJqd3QiLCJhbGciOiJFZDI1NTE5In0.e30.")
	now := time.Unix(1700000000, 0)
	f.Fuzz(func(t *testing.T, token string) {
		a, decodeErr := DecodeActor(token)
		_ = CheckSignature(token)
		_, _ = ValidateToken(token, now)
		v, err := ValidateModule(wasmbin.AppendCustom([]byte("\x00asm\x01\x00\x00\x00"), SectionJWT, []byte(token)), now)
		if err == nil && (decodeErr != nil || v.Subject != a.Subject || v.Hash != a.Hash) {
			t.Fatalf("token validates but DecodeActor = %+v, %v", a, decodeErr)
		}
	})
}

// FuzzDecodeKey checks that no input makes key or seed decoding panic, and that whatever decodes
// encodes back to the same text.
func FuzzDecodeKey(f *testing.F) {
	f.Add("ACOJJN6WUP4ODD75XEBKKTCCUJJCY5ZKQ56XVKYK4BEJWGVAOOQHZMCW")
	f.Add("VAHNM37G4ARHZ3CYHB3L34M6TYQWQR6IZ4QVYC4NYZWTJCJ2LWP7S6Z2")
	f.Add(fixedKey(f, PrefixModule, 9).Seed())
	f.Add(fixedKey(f, PrefixProvider, 9).Seed())
	f.Add(strings.Repeat("A", 58))
	f.Fuzz(func(t *testing.T, s string) {
		if p, pub, err := DecodePublic(s); err == nil {
			if again, err := EncodePublic(p, pub); err != nil || again != s {
				t.Fatalf("DecodePublic(%q) then EncodePublic = %q, %v", s, again, err)
			}
		}
		if kp, err := ParseSeed(s); err == nil && kp.Seed() != s {
			t.Fatalf("ParseSeed(%q).Seed() = %q", s, kp.Seed())
		}
		if b, err := base32Decode(s); err == nil && base32Encode(b) != s {
			t.Fatalf("base32 round trip of %q gave %q", s, base32Encode(b))
		}
	})
}
