package claims

import (
	"fmt"
	"time"
)

// ProviderClaims are the claims of a capability provider: the standard claims plus the wascap
// provider object (ACTORS.md §4.9).
type ProviderClaims struct {
	Claims
	Name         string            // display name; encoded as null when empty
	CapID        string            // contract id the provider implements, e.g. "wasmcloud:keyvalue"
	Vendor       string            // vendor name
	Rev          int32             // revision
	Ver          string            // human-readable version
	TargetHashes map[string]string // target ("x86_64-linux") → uppercase SHA-256 hex of its binary
}

// Provider is a capability provider's identity as read from its validated claims.
type Provider struct {
	ProviderClaims
	Token string // the raw JWT
}

// PublicKey returns the provider's identity, its service public key (the sub claim, V…).
func (p *Provider) PublicKey() string { return p.Subject }

// providerWire is the JSON form of the wascap object of a provider token. name has no omitempty:
// wascap writes null for a provider without a name.
type providerWire struct {
	Name         *string           `json:"name"`
	CapID        string            `json:"capid"`
	Vendor       string            `json:"vendor"`
	Rev          int32             `json:"rev,omitempty"`
	Ver          string            `json:"ver,omitempty"`
	TargetHashes map[string]string `json:"target_hashes"`
}

// SignProvider returns a provider token for c issued by issuer (an account key) for subject (a
// provider public key, V…). It sets c's Issuer and Subject itself; a zero IssuedAt becomes the
// current time and an empty ID a fresh random one.
func SignProvider(c ProviderClaims, issuer *KeyPair, subject string) (string, error) {
	if err := wantKey("issuer "+issuer.PublicKey(), issuer.Prefix(), PrefixAccount); err != nil {
		return "", fmt.Errorf("sign provider: %w", err)
	}
	if _, err := DecodePublicAs(subject, PrefixProvider); err != nil {
		return "", fmt.Errorf("sign provider: subject: %w", err)
	}
	c.Issuer, c.Subject = issuer.PublicKey(), subject
	if err := c.fillDefaults(); err != nil {
		return "", fmt.Errorf("sign provider: %w", err)
	}
	w := &providerWire{CapID: c.CapID, Vendor: c.Vendor, Rev: c.Rev, Ver: c.Ver, TargetHashes: c.TargetHashes}
	if c.Name != "" {
		w.Name = &c.Name
	}
	if w.TargetHashes == nil {
		w.TargetHashes = map[string]string{}
	}
	return encodeToken(c.Claims, w, issuer)
}

// ValidateToken validates a capability provider token at time now: the checks of ACTORS.md §4.7
// except the module hash (header, signature, exp/nbf, issuer A…, subject V…). Provider archives
// check their binaries against TargetHashes themselves.
func ValidateToken(token string, now time.Time) (*Provider, error) {
	t, err := parseToken[providerWire](token)
	if err != nil {
		return nil, err
	}
	if err := t.verify(now); err != nil {
		return nil, err
	}
	if err := t.checkKeys(PrefixProvider); err != nil {
		return nil, err
	}
	return newProvider(token, t), nil
}

// DecodeProvider decodes a provider token without validating it, for tools that show the
// claims of an archive that fails validation. Hosts use ValidateToken.
func DecodeProvider(token string) (*Provider, error) {
	t, err := parseToken[providerWire](token)
	if err != nil {
		return nil, err
	}
	return newProvider(token, t), nil
}

func newProvider(token string, t *parsedToken[providerWire]) *Provider {
	p := &Provider{Token: token, ProviderClaims: ProviderClaims{Claims: t.claims.claims()}}
	if w := t.claims.Wascap; w != nil {
		if w.Name != nil {
			p.Name = *w.Name
		}
		p.CapID, p.Vendor, p.Rev, p.Ver, p.TargetHashes = w.CapID, w.Vendor, w.Rev, w.Ver, w.TargetHashes
	}
	return p
}
