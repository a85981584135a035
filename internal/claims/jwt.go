package claims

import (
	"encoding/json"
	"fmt"
)

// SignJWT returns a token with the wascap header ({"typ":"jwt","alg":"Ed25519"}), the standard
// claims c and wascap as its wascap object (omitted when nil), signed by issuer. It is the generic
// form of SignModule and SignProvider for other token kinds, such as lattice invocation tokens.
//
// SignJWT sets c.Issuer to issuer's public key; a zero IssuedAt becomes the current time and an
// empty ID a fresh random one. It does not check key types: that is the caller's rule.
func SignJWT(c Claims, wascap any, issuer *KeyPair) (string, error) {
	c.Issuer = issuer.PublicKey()
	if err := c.fillDefaults(); err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	var meta *any
	if wascap != nil {
		meta = &wascap
	}
	token, err := encodeToken(c, meta, issuer)
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return token, nil
}

// ParseJWT checks a token's structure, header and signature (with the key in its iss claim) and
// returns its standard claims. When wascap is not nil it must be a pointer, and the token's wascap
// object is decoded into it; a token without one is then ErrMalformed.
//
// ParseJWT does not check exp, nbf, key types or hashes: each token kind has its own rules, which
// its caller applies to the returned Claims. Errors wrap ErrMalformed, ErrBadHeader or
// ErrBadSignature.
func ParseJWT(token string, wascap any) (Claims, error) {
	t, err := parseToken[json.RawMessage](token)
	if err != nil {
		return Claims{}, err
	}
	if err := t.verifySignature(); err != nil {
		return Claims{}, err
	}
	if wascap != nil {
		raw := t.claims.Wascap
		if raw == nil || string(*raw) == "null" {
			return Claims{}, fmt.Errorf("%w: no wascap object", ErrMalformed)
		}
		if err := json.Unmarshal(*raw, wascap); err != nil {
			return Claims{}, fmt.Errorf("%w: wascap object: %w", ErrMalformed, err)
		}
	}
	return t.claims.claims(), nil
}
