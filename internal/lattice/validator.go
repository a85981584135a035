package lattice

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/trellis-lattice/trellis/internal/claims"
)

// Validator checks received invocations (PROTOCOL.md §2.6 steps 2–6 with the Trellis
// corrections). The capability check (step 7) and policy (step 8) are the host's.
//
// Interop concession: tokens from wasmCloud 0.x peers carry no exp; they are accepted. Tokens
// that do carry exp (all Trellis tokens) are rejected once it has passed.
type Validator struct {
	// ClusterIssuers are the cluster keys (C…) whose tokens are trusted.
	ClusterIssuers []string
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// MaxPayload is the largest accepted payload in bytes; 0 or less means no limit.
	MaxPayload int
}

// checkSize rejects an invocation whose payload, as content_length or msg announces it, exceeds
// MaxPayload.
func (v *Validator) checkSize(inv *Invocation) error {
	if v.MaxPayload <= 0 {
		return nil
	}
	size := uint64(len(inv.Msg))
	if inv.ContentLength != nil {
		size = max(size, *inv.ContentLength)
	}
	if size > uint64(v.MaxPayload) {
		return invErrorf(inv, ErrPayloadTooLarge, "%d bytes, limit %d", size, v.MaxPayload)
	}
	return nil
}

// Validate checks inv, whose full (de-chunked) payload is fullMsg, received by self: payload
// size; token structure, header and Ed25519 signature by its iss; sub equal to the invocation
// id; exp and nbf; iss among ClusterIssuers; host_id a host (N…) or — as OTP hosts send it — a
// cluster (C…) key; target equal to self (public key, and link name for providers); origin and
// target URLs equal to the token's; content_length equal to the payload's; and the hash of
// fullMsg, always.
//
// Each failure wraps a distinct sentinel (ErrPayloadTooLarge, ErrMalformedInvocation,
// ErrBadInvocationSignature, ErrClaimsMismatch, ErrInvocationExpired, ErrInvocationNotYetValid,
// ErrUntrustedIssuer, ErrBadHostID, ErrWrongTarget, ErrHashMismatch) and names the invocation
// id and operation, and what was expected and found.
func (v *Validator) Validate(inv *Invocation, fullMsg []byte, self Entity) error {
	hash, err := v.validateToken(inv, self)
	if err != nil {
		return err
	}
	return checkPayload(inv, fullMsg, hash)
}

// validateToken runs every check of Validate that does not need the payload, so that a receiver
// fetches chunked payloads for authentic invocations only. It returns the hash the token signs.
func (v *Validator) validateToken(inv *Invocation, self Entity) (string, error) {
	if err := v.checkSize(inv); err != nil {
		return "", err
	}
	switch {
	case inv.ID == "":
		return "", invErrorf(inv, ErrMalformedInvocation, "no id")
	case inv.Operation == "":
		return "", invErrorf(inv, ErrMalformedInvocation, "no operation")
	case inv.EncodedClaims == "":
		return "", invErrorf(inv, ErrMalformedInvocation, "no encoded_claims")
	}
	var w invocationWascap
	c, err := claims.ParseJWT(inv.EncodedClaims, &w)
	switch {
	case errors.Is(err, claims.ErrBadSignature):
		return "", invErrorf(inv, ErrBadInvocationSignature, "%v", err)
	case err != nil:
		return "", invErrorf(inv, ErrMalformedInvocation, "token: %v", err)
	case c.Subject != inv.ID:
		return "", invErrorf(inv, ErrClaimsMismatch, "token issued for invocation %s", c.Subject)
	}
	if err := v.checkTimes(inv, c); err != nil {
		return "", err
	}
	if !slices.Contains(v.ClusterIssuers, c.Issuer) {
		return "", invErrorf(inv, ErrUntrustedIssuer, "issuer %s is not one of the %d trusted cluster keys", c.Issuer, len(v.ClusterIssuers))
	}
	if err := checkHostID(inv); err != nil {
		return "", err
	}
	if err := checkTarget(inv, self); err != nil {
		return "", err
	}
	if targetURL := TargetURL(inv.Target, inv.Operation); w.TargetURL != targetURL {
		return "", invErrorf(inv, ErrClaimsMismatch, "token target %q, invocation target %q", w.TargetURL, targetURL)
	}
	if originURL := inv.Origin.URL(); w.OriginURL != originURL {
		return "", invErrorf(inv, ErrClaimsMismatch, "token origin %q, invocation origin %q", w.OriginURL, originURL)
	}
	return w.Hash, nil
}

// checkPayload checks the full payload against content_length and the hash the token signs.
func checkPayload(inv *Invocation, fullMsg []byte, hash string) error {
	if inv.ContentLength != nil && *inv.ContentLength != uint64(len(fullMsg)) {
		return invErrorf(inv, ErrMalformedInvocation, "content_length %d, payload has %d bytes", *inv.ContentLength, len(fullMsg))
	}
	h := PayloadHash(inv.Origin.URL(), TargetURL(inv.Target, inv.Operation), inv.Operation, fullMsg)
	if !strings.EqualFold(h, hash) {
		return invErrorf(inv, ErrHashMismatch, "token signs %s, %d-byte payload hashes to %s", hash, len(fullMsg), h)
	}
	return nil
}

func (v *Validator) checkTimes(inv *Invocation, c claims.Claims) error {
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	t := now()
	if !c.Expires.IsZero() && t.Unix() > c.Expires.Unix() {
		return invErrorf(inv, ErrInvocationExpired, "expired at %s, now %s", c.Expires.Format(time.RFC3339), t.UTC().Format(time.RFC3339))
	}
	if !c.NotBefore.IsZero() && t.Unix() < c.NotBefore.Unix() {
		return invErrorf(inv, ErrInvocationNotYetValid, "not before %s, now %s", c.NotBefore.Format(time.RFC3339), t.UTC().Format(time.RFC3339))
	}
	return nil
}

func checkHostID(inv *Invocation) error {
	p, _, err := claims.DecodePublic(inv.HostID)
	if err != nil {
		return invErrorf(inv, ErrBadHostID, "%v", err)
	}
	if p != claims.PrefixHost && p != claims.PrefixCluster {
		return invErrorf(inv, ErrBadHostID, "host_id %s is a %s key, want a host (N…) or cluster (C…) key", inv.HostID, p)
	}
	return nil
}

func checkTarget(inv *Invocation, self Entity) error {
	if inv.Target.PublicKey != self.PublicKey {
		return invErrorf(inv, ErrWrongTarget, "addressed to %s, received by %s", inv.Target.describe(), self.describe())
	}
	if !self.IsActor() && inv.Target.LinkName != self.LinkName {
		return invErrorf(inv, ErrWrongTarget, "addressed to link %q, received by %s", inv.Target.LinkName, self.describe())
	}
	return nil
}
