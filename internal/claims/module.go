package claims

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

// Names of the custom sections that carry a module's token: wascap ≤ 0.8 wrote "jwt", wascap ≥ 0.9
// writes "wasmcloud_jwt". Trellis writes "jwt", which every 0.x host reads.
const (
	SectionJWT          = "jwt"
	SectionWasmcloudJWT = "wasmcloud_jwt"
)

// ModuleHash returns the module hash that actor claims sign (ACTORS.md §4.6): the uppercase hex
// SHA-256 of the module without its jwt and wasmcloud_jwt custom sections.
func ModuleHash(mod []byte) (string, error) {
	secs, err := wasmbin.Sections(mod)
	if err != nil {
		return "", fmt.Errorf("module hash: %w", err)
	}
	return moduleHash(mod, secs), nil
}

// moduleHash hashes mod minus its claim sections in place, without copying it.
func moduleHash(mod []byte, secs []wasmbin.Section) string {
	h := sha256.New()
	kept := 0 // start of the run of bytes not yet hashed
	for _, s := range secs {
		if isClaimSection(s) {
			h.Write(mod[kept:s.Offset])
			kept = s.End()
		}
	}
	h.Write(mod[kept:])
	return strings.ToUpper(hex.EncodeToString(h.Sum(nil)))
}

func isClaimSection(s wasmbin.Section) bool {
	return s.ID == wasmbin.SectionCustom && (s.Name == SectionJWT || s.Name == SectionWasmcloudJWT)
}

// ExtractToken returns the token embedded in mod: the payload of the first custom section named
// jwt or wasmcloud_jwt. It returns ErrNoClaims if there is none.
func ExtractToken(mod []byte) (string, error) {
	secs, err := wasmbin.Sections(mod)
	if err != nil {
		return "", fmt.Errorf("extract claims: %w", err)
	}
	return findToken(mod, secs)
}

func findToken(mod []byte, secs []wasmbin.Section) (string, error) {
	for _, s := range secs {
		if isClaimSection(s) {
			return strings.TrimSpace(string(s.Data(mod))), nil
		}
	}
	return "", ErrNoClaims
}

// SignModule returns a copy of mod signed with c: existing claim sections are removed, the module
// hash computed, and a token issued by issuer (an account key) for subject (a module public key,
// M…) appended in a custom section named jwt.
//
// SignModule sets c's Issuer, Subject, Hash and Provider itself and normalises CallAlias; a zero
// IssuedAt becomes the current time and an empty ID a fresh random one.
func SignModule(mod []byte, c ActorClaims, issuer *KeyPair, subject string) ([]byte, error) {
	if err := wantKey("issuer "+issuer.PublicKey(), issuer.Prefix(), PrefixAccount); err != nil {
		return nil, fmt.Errorf("sign module: %w", err)
	}
	if _, err := DecodePublicAs(subject, PrefixModule); err != nil {
		return nil, fmt.Errorf("sign module: subject: %w", err)
	}
	stripped, err := wasmbin.StripCustom(mod, SectionJWT, SectionWasmcloudJWT)
	if err != nil {
		return nil, fmt.Errorf("sign module: %w", err)
	}
	c.Issuer, c.Subject, c.Provider = issuer.PublicKey(), subject, false
	c.Hash = moduleHash(stripped, nil)
	c.CallAlias = NormalizeCallAlias(c.CallAlias)
	if err := c.fillDefaults(); err != nil {
		return nil, fmt.Errorf("sign module: %w", err)
	}
	token, err := encodeToken(c.Claims, c.wire(), issuer)
	if err != nil {
		return nil, fmt.Errorf("sign module: %w", err)
	}
	return wasmbin.AppendCustom(stripped, SectionJWT, []byte(token)), nil
}

// fillDefaults sets a zero IssuedAt to now and an empty ID to a random one.
func (c *Claims) fillDefaults() error {
	if c.IssuedAt.IsZero() {
		c.IssuedAt = time.Now()
	}
	if c.ID != "" {
		return nil
	}
	var err error
	c.ID, err = newID()
	return err
}

// ValidateModule validates the claims embedded in an actor module at time now, following the
// host procedure of ACTORS.md §4.7, and returns the actor they describe.
//
// Errors wrap ErrNoClaims, ErrMalformed, ErrBadHeader, ErrBadSignature, ErrExpired,
// ErrNotYetValid, ErrHashMismatch or ErrWrongKeyType, or a wasmbin error if mod is not a module.
// The module hash is enforced for tokens without wascap_revision and for revision 3 and later; for
// revisions 1 and 2 a mismatch is reported in Actor.Warnings instead.
func ValidateModule(mod []byte, now time.Time) (*Actor, error) {
	secs, err := wasmbin.Sections(mod)
	if err != nil {
		return nil, fmt.Errorf("extract claims: %w", err)
	}
	token, err := findToken(mod, secs)
	if err != nil {
		return nil, err
	}
	t, err := parseToken[actorWire](token)
	if err != nil {
		return nil, err
	}
	if err := t.verify(now); err != nil {
		return nil, err
	}
	a := newActor(token, t)
	actual := moduleHash(mod, secs)
	if !strings.EqualFold(a.Hash, actual) {
		mismatch := fmt.Errorf("%w: claims say %s, module is %s", ErrHashMismatch, a.Hash, actual)
		if r := a.WascapRevision; r == 0 || r >= 3 {
			return nil, mismatch
		}
		a.Warnings = append(a.Warnings, fmt.Sprintf("%v (not enforced for wascap_revision %d)", mismatch, a.WascapRevision))
	}
	if err := t.checkKeys(PrefixModule); err != nil {
		return nil, err
	}
	if a.Provider {
		return nil, fmt.Errorf("%w: claims have prov: true (capability provider claims), want actor claims", ErrWrongKeyType)
	}
	return a, nil
}
