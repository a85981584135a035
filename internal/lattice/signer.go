package lattice

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/trellis-lattice/trellis/internal/claims"
)

// DefaultInvocationTTL is how long an invocation token is valid after it is issued.
const DefaultInvocationTTL = 60 * time.Second

// invocationWascap is the wascap object of an invocation token (§2.5), fields in wascap's order.
type invocationWascap struct {
	TargetURL string `json:"target_url"`
	OriginURL string `json:"origin_url"`
	Hash      string `json:"hash"`
}

// TargetURL returns the URL an invocation token names as its target: the target entity's URL,
// '/', and the operation.
func TargetURL(target Entity, operation string) string { return target.URL() + "/" + operation }

// PayloadHash returns the hash an invocation token signs: upper-case hex SHA-256 of origin URL,
// target URL, operation and the full (de-chunked) payload, concatenated.
func PayloadHash(originURL, targetURL, operation string, msg []byte) string {
	h := sha256.New()
	for _, s := range []string{originURL, targetURL, operation} {
		_, _ = io.WriteString(h, s) // hash writes never fail
	}
	h.Write(msg)
	return strings.ToUpper(hex.EncodeToString(h.Sum(nil)))
}

// SignerConfig configures a Signer.
type SignerConfig struct {
	// Cluster is the cluster key (C…) that signs invocation tokens.
	Cluster *claims.KeyPair
	// HostID is the host key (N…) put in host_id: the signing host's, or for a provider the key
	// of the host that launched it.
	HostID string
	// TTL is how long tokens are valid; default DefaultInvocationTTL.
	TTL time.Duration
	// Now returns the current time; default time.Now.
	Now func() time.Time
}

// Validate reports whether cfg can make a Signer.
func (cfg *SignerConfig) Validate() error {
	var errs []error
	if cfg.Cluster == nil {
		errs = append(errs, errors.New("no cluster key"))
	} else if cfg.Cluster.Prefix() != claims.PrefixCluster {
		errs = append(errs, fmt.Errorf("signing key %s is a %s, want a cluster key (C…)", cfg.Cluster.PublicKey(), cfg.Cluster.Prefix()))
	}
	if _, err := claims.DecodePublicAs(cfg.HostID, claims.PrefixHost); err != nil {
		errs = append(errs, fmt.Errorf("host id: %w", err))
	}
	if cfg.TTL < 0 {
		errs = append(errs, fmt.Errorf("negative token TTL %s", cfg.TTL))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("invalid invocation signer config: %w", err)
	}
	return nil
}

// Signer creates signed invocations for one host (or provider).
type Signer struct {
	cluster *claims.KeyPair
	hostID  string
	ttl     time.Duration
	now     func() time.Time
}

// NewSigner returns a Signer for cfg.
func NewSigner(cfg SignerConfig) (*Signer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Signer{cluster: cfg.Cluster, hostID: cfg.HostID, ttl: cfg.TTL, now: cfg.Now}
	if s.ttl == 0 {
		s.ttl = DefaultInvocationTTL
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// Issuer returns the cluster public key tokens are signed with, to add to a Validator's
// ClusterIssuers.
func (s *Signer) Issuer() string { return s.cluster.PublicKey() }

// NewInvocation returns an invocation of op from origin to target carrying msg (the full payload,
// not copied), with a fresh UUIDv4 id, content_length set, and a token that expires after the
// signer's TTL.
func (s *Signer) NewInvocation(origin, target Entity, op string, msg []byte) (*Invocation, error) {
	id, err := uuid.NewRandom()
	if err != nil {
		return nil, fmt.Errorf("new invocation id: %w", err)
	}
	inv := &Invocation{Origin: origin, Target: target, Operation: op, Msg: msg, ID: id.String(), HostID: s.hostID}
	n := uint64(len(msg))
	inv.ContentLength = &n
	if inv.EncodedClaims, err = s.token(inv, "", s.now()); err != nil {
		return nil, fmt.Errorf("sign invocation %s (%s): %w", inv.ID, op, err)
	}
	return inv, nil
}

// token signs the token of inv issued at now; an empty jti becomes a random one.
func (s *Signer) token(inv *Invocation, jti string, now time.Time) (string, error) {
	iat := now.Truncate(time.Second)
	originURL, targetURL := inv.Origin.URL(), TargetURL(inv.Target, inv.Operation)
	c := claims.Claims{ID: jti, IssuedAt: iat, Subject: inv.ID, Expires: iat.Add(s.ttl)}
	return claims.SignJWT(c, invocationWascap{
		TargetURL: targetURL,
		OriginURL: originURL,
		Hash:      PayloadHash(originURL, targetURL, inv.Operation, inv.Msg),
	}, s.cluster)
}
