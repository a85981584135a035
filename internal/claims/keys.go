package claims

import (
	"crypto/ed25519"
	"fmt"
)

const (
	publicKeyRawLen  = 1 + ed25519.PublicKeySize + 2 // prefix, key, CRC
	publicKeyTextLen = (publicKeyRawLen*8 + 4) / 5   // 56 characters
	seedRawLen       = 2 + ed25519.SeedSize + 2      // two prefix bytes, seed, CRC
	seedTextLen      = (seedRawLen*8 + 4) / 5        // 58 characters
)

// EncodePublic returns the nkey text form of an Ed25519 public key with the given prefix.
func EncodePublic(p Prefix, pub ed25519.PublicKey) (string, error) {
	if !p.valid() {
		return "", fmt.Errorf("encode public key: %w: unknown %s", ErrInvalidKey, p)
	}
	if len(pub) != ed25519.PublicKeySize {
		return "", fmt.Errorf("encode public key: %w: %d bytes, want %d", ErrInvalidKey, len(pub), ed25519.PublicKeySize)
	}
	raw := make([]byte, 0, publicKeyRawLen)
	raw = append(raw, byte(p))
	raw = append(raw, pub...)
	return base32Encode(appendCRC(raw)), nil
}

// DecodePublic decodes an nkey public key, checking its length, prefix and checksum.
func DecodePublic(key string) (Prefix, ed25519.PublicKey, error) {
	p, pub, err := decodePublic(key)
	if err != nil {
		return 0, nil, fmt.Errorf("decode public key %q: %w", abbrev(key), err)
	}
	return p, pub, nil
}

// DecodePublicAs decodes an nkey public key that must have prefix want. A key of another type
// gives an ErrWrongKeyType error naming both types.
func DecodePublicAs(key string, want Prefix) (ed25519.PublicKey, error) {
	p, pub, err := DecodePublic(key)
	if err != nil {
		return nil, err
	}
	if err := wantKey("public key "+abbrev(key), p, want); err != nil {
		return nil, err
	}
	return pub, nil
}

func decodePublic(key string) (Prefix, ed25519.PublicKey, error) {
	if len(key) > 0 && key[0] == 'S' {
		return 0, nil, fmt.Errorf("%w: this is a seed (private key), not a public key", ErrInvalidKey)
	}
	if len(key) != publicKeyTextLen {
		return 0, nil, fmt.Errorf("%w: %d characters, want %d", ErrInvalidKey, len(key), publicKeyTextLen)
	}
	raw, err := base32Decode(key)
	if err != nil {
		return 0, nil, fmt.Errorf("%w: %w", ErrInvalidKey, err)
	}
	p := Prefix(raw[0])
	if !p.valid() {
		return 0, nil, fmt.Errorf("%w: unknown prefix byte %#x (first letter %c)", ErrInvalidKey, raw[0], key[0])
	}
	if !checkCRC(raw) {
		return 0, nil, fmt.Errorf("%w: checksum mismatch (mistyped or truncated key?)", ErrInvalidKey)
	}
	return p, ed25519.PublicKey(raw[1 : 1+ed25519.PublicKeySize]), nil
}

// abbrev shortens a would-be public key for error messages, and hides it if it looks like a seed.
func abbrev(s string) string {
	const limit = 64
	if len(s) > 0 && s[0] == 'S' {
		return "S…"
	}
	if len(s) <= limit {
		return s
	}
	return s[:limit] + "…"
}
