package claims

import (
	"crypto/ed25519"
	"encoding/base32"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nats-io/nkeys"
)

func TestCRC16(t *testing.T) {
	// The check value of CRC-16/XMODEM.
	if got := crc16([]byte("123456789")); got != 0x31c3 {
		t.Errorf("crc16(123456789) = %#x, want 0x31c3", got)
	}
	if got := crc16(nil); got != 0 {
		t.Errorf("crc16(nil) = %#x, want 0", got)
	}
}

func TestBase32MatchesStdlib(t *testing.T) {
	std := base32.StdEncoding.WithPadding(base32.NoPadding)
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 40 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		enc := base32Encode(b)
		if want := std.EncodeToString(b); enc != want {
			t.Fatalf("base32Encode(%x) = %q, want %q", b, enc, want)
		}
		dec, err := base32Decode(enc)
		if err != nil || string(dec) != string(b) {
			t.Fatalf("base32Decode(%q) = %x, %v; want %x", enc, dec, err, b)
		}
	}
}

func TestBase32DecodeRejects(t *testing.T) {
	for _, s := range []string{"a", "AB=", "A1", "AB8", "B", "ABC", "AD"} {
		if b, err := base32Decode(s); err == nil {
			t.Errorf("base32Decode(%q) = %x, want an error", s, b)
		}
	}
}

// TestNkeysCompatibility checks that keys, seeds and signatures agree with nats-io/nkeys for the
// prefixes it supports.
func TestNkeysCompatibility(t *testing.T) {
	prefixes := []struct {
		ours   Prefix
		theirs nkeys.PrefixByte
	}{
		{PrefixAccount, nkeys.PrefixByteAccount},
		{PrefixCluster, nkeys.PrefixByteCluster},
		{PrefixHost, nkeys.PrefixByteServer},
		{PrefixOperator, nkeys.PrefixByteOperator},
		{PrefixUser, nkeys.PrefixByteUser},
	}
	msg := []byte("trellis")
	for _, p := range prefixes {
		t.Run(p.ours.String(), func(t *testing.T) {
			// Their seed, our parser.
			theirKP, err := nkeys.CreatePair(p.theirs)
			if err != nil {
				t.Fatal(err)
			}
			theirSeed, _ := theirKP.Seed()
			theirPub, _ := theirKP.PublicKey()
			ours, err := ParseSeed(string(theirSeed))
			if err != nil {
				t.Fatal(err)
			}
			if ours.Prefix() != p.ours || ours.PublicKey() != theirPub || ours.Seed() != string(theirSeed) {
				t.Errorf("ParseSeed(nkeys seed): prefix %v, public %s, seed round trip %v; nkeys public %s",
					ours.Prefix(), ours.PublicKey(), ours.Seed() == string(theirSeed), theirPub)
			}
			if err := theirKP.Verify(msg, ours.Sign(msg)); err != nil {
				t.Errorf("nkeys rejects our signature: %v", err)
			}
			theirSig, _ := theirKP.Sign(msg)
			if err := Verify(theirPub, msg, theirSig); err != nil {
				t.Errorf("we reject the nkeys signature: %v", err)
			}

			// Our seed, their parser.
			mine := newKey(t, p.ours)
			kp, err := nkeys.FromSeed([]byte(mine.Seed()))
			if err != nil {
				t.Fatalf("nkeys.FromSeed(our seed): %v", err)
			}
			if pub, _ := kp.PublicKey(); pub != mine.PublicKey() {
				t.Errorf("nkeys public key %s, ours %s", pub, mine.PublicKey())
			}
			if !nkeys.IsValidPublicKey(mine.PublicKey()) {
				t.Errorf("nkeys says our public key %s is invalid", mine.PublicKey())
			}
		})
	}
}

func TestKeyPrefixes(t *testing.T) {
	for _, p := range []Prefix{PrefixAccount, PrefixCluster, PrefixModule, PrefixHost, PrefixOperator, PrefixUser, PrefixProvider} {
		kp := newKey(t, p)
		pub, seed := kp.PublicKey(), kp.Seed()
		if len(pub) != 56 || pub[0] != p.Letter() {
			t.Errorf("%v public key %q: want 56 characters starting with %c", p, pub, p.Letter())
		}
		if len(seed) != 58 || seed[0] != 'S' || seed[1] != p.Letter() {
			t.Errorf("%v seed has the wrong shape: length %d, starts %q", p, len(seed), seed[:2])
		}
		got, key, err := DecodePublic(pub)
		if err != nil || got != p || !key.Equal(kp.key.Public()) {
			t.Errorf("DecodePublic(%s) = %v, %v", pub, got, err)
		}
		again, err := ParseSeed(seed)
		if err != nil || again.PublicKey() != pub {
			t.Errorf("ParseSeed(Seed()) = %v, %v; want %s", again, err, pub)
		}
		back, err := ParsePrefix(p.String())
		if err != nil || back != p {
			t.Errorf("ParsePrefix(%q) = %v, %v", p.String(), back, err)
		}
	}
	letters := map[Prefix]byte{PrefixAccount: 'A', PrefixCluster: 'C', PrefixModule: 'M', PrefixHost: 'N',
		PrefixOperator: 'O', PrefixUser: 'U', PrefixProvider: 'V'}
	for p, l := range letters {
		if p.Letter() != l {
			t.Errorf("%v.Letter() = %c, want %c", p, p.Letter(), l)
		}
	}
}

func TestDecodePublicErrors(t *testing.T) {
	valid := "ACOJJN6WUP4ODD75XEBKKTCCUJJCY5ZKQ56XVKYK4BEJWGVAOOQHZMCW"
	flipped := valid[:20] + "B" + valid[21:]
	unknown, _ := EncodePublic(PrefixAccount, make(ed25519.PublicKey, 32))
	unknownRaw, _ := base32Decode(unknown)
	unknownRaw[0] = 1 << 3 // 'B'
	unknown = base32Encode(appendCRC(unknownRaw[:33]))
	seed := newKey(t, PrefixAccount).Seed()
	tests := []struct {
		name, key, want string
	}{
		{"short", valid[:55], "55 characters, want 56"},
		{"empty", "", "0 characters, want 56"},
		{"lower case", strings.ToLower(valid), "invalid base32 character 'a' at position 0"},
		{"checksum", flipped, "checksum mismatch"},
		{"unknown prefix", unknown, "unknown prefix byte 0x8 (first letter B)"},
		{"seed", seed, "this is a seed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := DecodePublic(tt.key)
			if !errors.Is(err, ErrInvalidKey) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("DecodePublic error = %v, want ErrInvalidKey containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), seed) {
				t.Error("error message leaks the seed")
			}
		})
	}
	if _, _, err := DecodePublic(valid); err != nil {
		t.Errorf("DecodePublic(%s): %v", valid, err)
	}
}

func TestWrongKeyType(t *testing.T) {
	module := newKey(t, PrefixModule)
	_, err := ParseSeedAs(module.Seed(), PrefixAccount)
	want := "wrong key type: seed: got module key (M…), want account key (A…)"
	if !errors.Is(err, ErrWrongKeyType) || err.Error() != want {
		t.Errorf("ParseSeedAs(module seed, account) = %v\n want %s", err, want)
	}
	_, err = DecodePublicAs(module.PublicKey(), PrefixProvider)
	if !errors.Is(err, ErrWrongKeyType) || !strings.Contains(err.Error(), "got module key (M…), want provider key (V…)") {
		t.Errorf("DecodePublicAs(module key, provider) = %v", err)
	}
	if _, err := ParseSeedAs(module.Seed(), PrefixModule); err != nil {
		t.Errorf("ParseSeedAs(module seed, module): %v", err)
	}
}

func TestParseSeedErrors(t *testing.T) {
	seed := newKey(t, PrefixProvider).Seed()
	raw, _ := base32Decode(seed)
	raw[35] ^= 1
	badCRC := base32Encode(raw)
	tests := []struct{ name, seed, want string }{
		{"public key", newKey(t, PrefixAccount).PublicKey(), "a seed starts with S"},
		{"short", seed[:57], "seed is 57 characters, want 58"},
		{"checksum", badCRC, "seed checksum mismatch"},
		{"not base32", "S" + strings.Repeat("1", 57), "invalid base32 character '1'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSeed(tt.seed)
			if !errors.Is(err, ErrInvalidKey) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseSeed error = %v, want ErrInvalidKey containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), seed[2:]) {
				t.Error("error message leaks the seed")
			}
		})
	}
}

func TestVerify(t *testing.T) {
	kp := newKey(t, PrefixModule)
	msg := []byte("hello")
	sig := kp.Sign(msg)
	if err := Verify(kp.PublicKey(), msg, sig); err != nil {
		t.Fatal(err)
	}
	other := newKey(t, PrefixModule)
	for name, err := range map[string]error{
		"other key":     Verify(other.PublicKey(), msg, sig),
		"other message": Verify(kp.PublicKey(), []byte("hellO"), sig),
		"short sig":     Verify(kp.PublicKey(), msg, sig[:63]),
		"bad key":       Verify("nope", msg, sig),
	} {
		if !errors.Is(err, ErrBadSignature) {
			t.Errorf("%s: Verify = %v, want ErrBadSignature", name, err)
		}
	}
	if s := kp.String(); s != kp.PublicKey() {
		t.Errorf("String() = %q, want the public key", s)
	}
}

func TestParsePrefix(t *testing.T) {
	for name, want := range map[string]Prefix{"server": PrefixHost, "service": PrefixProvider, "ACCOUNT": PrefixAccount} {
		if got, err := ParsePrefix(name); err != nil || got != want {
			t.Errorf("ParsePrefix(%q) = %v, %v; want %v", name, got, err, want)
		}
	}
	if _, err := ParsePrefix("seed"); err == nil {
		t.Error("ParsePrefix(seed) succeeded")
	}
}
