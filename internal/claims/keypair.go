package claims

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
)

// KeyPair is an Ed25519 key with an nkey prefix. Its String method shows only the public key, so
// printing a KeyPair never leaks the seed.
type KeyPair struct {
	prefix Prefix
	key    ed25519.PrivateKey
}

// NewKeyPair creates a random key pair of the given type.
func NewKeyPair(p Prefix) (*KeyPair, error) {
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return nil, fmt.Errorf("new %s key: %w", p, err)
	}
	return keyPairFromSeed(p, seed)
}

func keyPairFromSeed(p Prefix, seed []byte) (*KeyPair, error) {
	if !p.valid() {
		return nil, fmt.Errorf("new key: %w: unknown %s", ErrInvalidKey, p)
	}
	return &KeyPair{prefix: p, key: ed25519.NewKeyFromSeed(seed)}, nil
}

// ParseSeed decodes an nkey seed ("SA…", "SM…", "SV…", ...), checking its length, prefixes and
// checksum.
func ParseSeed(seed string) (*KeyPair, error) {
	p, raw, err := decodeSeed(seed)
	if err != nil {
		// Never echo a seed: it is a secret.
		return nil, fmt.Errorf("parse seed: %w", err)
	}
	return keyPairFromSeed(p, raw)
}

// ParseSeedAs decodes an nkey seed that must be of type want. A seed of another type gives an
// ErrWrongKeyType error naming both types.
func ParseSeedAs(seed string, want Prefix) (*KeyPair, error) {
	kp, err := ParseSeed(seed)
	if err != nil {
		return nil, err
	}
	if err := wantKey("seed", kp.prefix, want); err != nil {
		return nil, err
	}
	return kp, nil
}

func decodeSeed(seed string) (Prefix, []byte, error) {
	if len(seed) == 0 || seed[0] != 'S' {
		return 0, nil, fmt.Errorf("%w: a seed starts with S (is this a public key?)", ErrInvalidKey)
	}
	if len(seed) != seedTextLen {
		return 0, nil, fmt.Errorf("%w: seed is %d characters, want %d", ErrInvalidKey, len(seed), seedTextLen)
	}
	raw, err := base32Decode(seed)
	if err != nil {
		return 0, nil, fmt.Errorf("%w: %w", ErrInvalidKey, err)
	}
	if raw[0]&^7 != prefixSeed || raw[1]&7 != 0 {
		return 0, nil, fmt.Errorf("%w: bad seed prefix bytes %#x %#x", ErrInvalidKey, raw[0], raw[1])
	}
	p := Prefix(raw[0]&7<<5 | raw[1]>>3)
	if !p.valid() {
		return 0, nil, fmt.Errorf("%w: seed for unknown %s (second letter %c)", ErrInvalidKey, p, seed[1])
	}
	if !checkCRC(raw) {
		return 0, nil, fmt.Errorf("%w: seed checksum mismatch (mistyped or truncated seed?)", ErrInvalidKey)
	}
	return p, raw[2 : 2+ed25519.SeedSize], nil
}

// Prefix returns the key's type.
func (k *KeyPair) Prefix() Prefix { return k.prefix }

// PublicKey returns the nkey text form of the public key ("A…", "M…", ...).
func (k *KeyPair) PublicKey() string {
	s, _ := EncodePublic(k.prefix, k.key.Public().(ed25519.PublicKey)) // prefix and size checked at creation
	return s
}

// Seed returns the nkey text form of the private seed ("SA…", "SM…", ...). Keep it secret.
func (k *KeyPair) Seed() string {
	raw := make([]byte, 0, seedRawLen)
	raw = append(raw, prefixSeed|byte(k.prefix)>>5, byte(k.prefix)&31<<3)
	raw = append(raw, k.key.Seed()...)
	return base32Encode(appendCRC(raw))
}

// Sign returns the Ed25519 signature of msg.
func (k *KeyPair) Sign(msg []byte) []byte { return ed25519.Sign(k.key, msg) }

// String returns the public key, never the seed.
func (k *KeyPair) String() string { return k.PublicKey() }

// Verify checks that sig is publicKey's Ed25519 signature of msg. publicKey may have any prefix.
func Verify(publicKey string, msg, sig []byte) error {
	_, pub, err := DecodePublic(publicKey)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	if len(sig) != ed25519.SignatureSize || !ed25519.Verify(pub, msg, sig) {
		return fmt.Errorf("%w: not signed by %s", ErrBadSignature, publicKey)
	}
	return nil
}

// KeyPairFromRawSeed returns the key pair of type p for a 32-byte Ed25519 seed. Trellis uses it
// for keys that must be the same everywhere, such as the built-in providers' identities.
func KeyPairFromRawSeed(p Prefix, seed []byte) (*KeyPair, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("new %s key: %w: seed is %d bytes, want %d", p, ErrInvalidKey, len(seed), ed25519.SeedSize)
	}
	return keyPairFromSeed(p, seed)
}
