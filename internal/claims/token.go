package claims

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// tokenHeader is the header of every wascap token, byte for byte.
const tokenHeader = `{"typ":"jwt","alg":"Ed25519"}`

// Claims are the standard claims of every wascap token (ACTORS.md §4.3).
type Claims struct {
	ID             string    // jti: a random 22-character id
	IssuedAt       time.Time // iat, whole seconds
	Issuer         string    // iss: the account (A…) that signed the token
	Subject        string    // sub: the module (M…) or provider (V…) the token describes
	Expires        time.Time // exp; zero if the token never expires
	NotBefore      time.Time // nbf; zero if the token is valid from the start
	WascapRevision uint32    // wascap_revision; 0 for tokens older than wascap 0.9
}

// wireClaims is the JSON form of a token's claims; T is the type of the wascap object.
type wireClaims[T any] struct {
	ID             string `json:"jti"`
	IssuedAt       int64  `json:"iat"`
	Issuer         string `json:"iss"`
	Subject        string `json:"sub"`
	Expires        int64  `json:"exp,omitempty"`
	NotBefore      int64  `json:"nbf,omitempty"`
	Wascap         *T     `json:"wascap,omitempty"`
	WascapRevision uint32 `json:"wascap_revision,omitempty"`
}

func (w *wireClaims[T]) claims() Claims {
	return Claims{ID: w.ID, IssuedAt: unixTime(w.IssuedAt), Issuer: w.Issuer, Subject: w.Subject,
		Expires: unixTime(w.Expires), NotBefore: unixTime(w.NotBefore), WascapRevision: w.WascapRevision}
}

func unixTime(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

func unixSeconds(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// encodeToken signs c with wascap object meta. c.Issuer must be issuer's public key.
func encodeToken[T any](c Claims, meta *T, issuer *KeyPair) (string, error) {
	w := wireClaims[T]{ID: c.ID, IssuedAt: unixSeconds(c.IssuedAt), Issuer: c.Issuer, Subject: c.Subject,
		Expires: unixSeconds(c.Expires), NotBefore: unixSeconds(c.NotBefore), Wascap: meta,
		WascapRevision: c.WascapRevision}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(w); err != nil {
		return "", fmt.Errorf("encode claims: %w", err)
	}
	payload := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	signing := b64(tokenHeader) + "." + b64(payload)
	return signing + "." + b64(issuer.Sign([]byte(signing))), nil
}

func b64[S ~string | ~[]byte](s S) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// parsedToken is a token split and decoded, not yet verified.
type parsedToken[T any] struct {
	claims    wireClaims[T]
	signing   string // "h.c", the signed bytes
	signature []byte
}

// parseToken splits a token, checks its header and decodes its claims. It checks the structure
// only (§4.7 steps 2 and 3): not the signature, times, prefixes or hash.
func parseToken[T any](token string) (*parsedToken[T], error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%w: %d segments, want 3 (header.claims.signature)", ErrMalformed, len(parts))
	}
	if err := checkHeader(parts[0]); err != nil {
		return nil, err
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, fmt.Errorf("%w: claims segment: %w", ErrMalformed, err)
	}
	t := &parsedToken[T]{signing: parts[0] + "." + parts[1]}
	if err := json.Unmarshal(payload, &t.claims); err != nil {
		return nil, fmt.Errorf("%w: claims JSON: %w", ErrMalformed, err)
	}
	if err := checkClaims(&t.claims); err != nil {
		return nil, err
	}
	if t.signature, err = base64.RawURLEncoding.DecodeString(parts[2]); err != nil {
		return nil, fmt.Errorf("%w: signature segment: %w", ErrMalformed, err)
	}
	return t, nil
}

func checkHeader(seg string) error {
	raw, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return fmt.Errorf("%w: header segment: %w", ErrMalformed, err)
	}
	var h struct {
		Typ string `json:"typ"`
		Alg string `json:"alg"`
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		return fmt.Errorf("%w: header JSON: %w", ErrMalformed, err)
	}
	if h.Alg != "Ed25519" || h.Typ != "jwt" {
		return fmt.Errorf("%w: typ %q, alg %q; want typ \"jwt\", alg \"Ed25519\"", ErrBadHeader, h.Typ, h.Alg)
	}
	return nil
}

func checkClaims[T any](w *wireClaims[T]) error {
	switch {
	case w.Issuer == "":
		return fmt.Errorf("%w: no issuer (iss)", ErrMalformed)
	case w.Subject == "":
		return fmt.Errorf("%w: no subject (sub)", ErrMalformed)
	case w.IssuedAt < 0 || w.Expires < 0 || w.NotBefore < 0:
		return fmt.Errorf("%w: negative time (iat %d, exp %d, nbf %d)", ErrMalformed, w.IssuedAt, w.Expires, w.NotBefore)
	}
	return nil
}

// verify checks the signature against the issuer key (§4.7 step 4) and the times (step 5).
func (t *parsedToken[T]) verify(now time.Time) error {
	if err := t.verifySignature(); err != nil {
		return err
	}
	c := &t.claims
	if c.Expires != 0 && now.Unix() > c.Expires {
		return fmt.Errorf("%w at %s", ErrExpired, unixTime(c.Expires).Format(time.RFC3339))
	}
	if c.NotBefore != 0 && now.Unix() < c.NotBefore {
		return fmt.Errorf("%w: not before %s", ErrNotYetValid, unixTime(c.NotBefore).Format(time.RFC3339))
	}
	return nil
}

func (t *parsedToken[T]) verifySignature() error {
	return Verify(t.claims.Issuer, []byte(t.signing), t.signature)
}

// checkKeys checks that the issuer is an account and the subject has prefix want (§4.7 step 7).
func (t *parsedToken[T]) checkKeys(want Prefix) error {
	ip, _, err := DecodePublic(t.claims.Issuer)
	if err != nil {
		return fmt.Errorf("%w: issuer: %w", ErrMalformed, err)
	}
	if err := wantKey("issuer "+t.claims.Issuer, ip, PrefixAccount); err != nil {
		return err
	}
	sp, _, err := DecodePublic(t.claims.Subject)
	if err != nil {
		return fmt.Errorf("%w: subject: %w", ErrMalformed, err)
	}
	return wantKey("subject "+t.claims.Subject, sp, want)
}

// CheckSignature reports whether token's signature verifies with the key in its iss claim. It
// checks nothing else; use ValidateModule or ValidateToken to validate a token.
func CheckSignature(token string) error {
	t, err := parseToken[json.RawMessage](token)
	if err != nil {
		return err
	}
	return t.verifySignature()
}
