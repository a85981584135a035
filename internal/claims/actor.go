package claims

import "strings"

// ActorClaims are the claims of an actor module: the standard claims plus the wascap actor object
// (ACTORS.md §4.4).
type ActorClaims struct {
	Claims
	Name      string   // display name
	Hash      string   // module hash (ModuleHash) the token was signed for
	Tags      []string // free-form tags
	Caps      []string // capability contract ids the actor may use, e.g. "wasmcloud:httpserver"
	Rev       int32    // revision; see Actor.EffectiveRevision
	Ver       string   // human-readable version
	CallAlias string   // alias other actors may call it by, normalised (NormalizeCallAlias)
	Provider  bool     // prov: always false for actors; true marks provider claims
}

// Actor is an actor's identity as read from its claims: the decoded claims, the raw token and,
// after validation, any warnings that did not make the module invalid.
type Actor struct {
	ActorClaims
	Token    string   // the raw JWT
	Warnings []string // e.g. a hash mismatch tolerated for wascap_revision 1–2
}

// PublicKey returns the actor's identity, its module public key (the sub claim, M…).
func (a *Actor) PublicKey() string { return a.Subject }

// EffectiveRevision returns Rev, or the issue time in Unix seconds when Rev is 0, as the OTP host
// did to order updates of actors signed without a revision.
func (a *Actor) EffectiveRevision() int64 {
	if a.Rev != 0 {
		return int64(a.Rev)
	}
	return unixSeconds(a.IssuedAt)
}

// actorWire is the JSON form of the wascap object of an actor token. Key order follows wascap.
type actorWire struct {
	Name      string   `json:"name,omitempty"`
	Hash      string   `json:"hash"`
	Tags      []string `json:"tags,omitempty"`
	Caps      []string `json:"caps,omitempty"`
	Rev       int32    `json:"rev,omitempty"`
	Ver       string   `json:"ver,omitempty"`
	CallAlias string   `json:"call_alias,omitempty"`
	Provider  bool     `json:"prov"`
}

func (c *ActorClaims) wire() *actorWire {
	return &actorWire{Name: c.Name, Hash: c.Hash, Tags: c.Tags, Caps: c.Caps, Rev: c.Rev, Ver: c.Ver,
		CallAlias: c.CallAlias, Provider: c.Provider}
}

func newActor(token string, t *parsedToken[actorWire]) *Actor {
	a := &Actor{Token: token, ActorClaims: ActorClaims{Claims: t.claims.claims()}}
	if w := t.claims.Wascap; w != nil {
		a.Name, a.Hash, a.Tags, a.Caps, a.Rev, a.Ver, a.CallAlias, a.Provider =
			w.Name, w.Hash, w.Tags, w.Caps, w.Rev, w.Ver, w.CallAlias, w.Provider
	}
	return a
}

// DecodeActor decodes an actor token without validating it: it checks the token's structure and
// header only, not its signature, times, keys or hash. Use it to show claims that may be invalid
// (trellis claims inspect); use ValidateModule to decide whether to trust them.
func DecodeActor(token string) (*Actor, error) {
	t, err := parseToken[actorWire](token)
	if err != nil {
		return nil, err
	}
	return newActor(token, t), nil
}

// NormalizeCallAlias returns alias as wascap stores it: trimmed, lower-cased, without non-ASCII
// characters, and with spaces, '-' and '.' replaced by '_' ('/' is kept).
func NormalizeCallAlias(alias string) string {
	alias = strings.ToLower(strings.TrimSpace(alias))
	return strings.Map(func(r rune) rune {
		switch {
		case r > 0x7f:
			return -1
		case r == ' ' || r == '-' || r == '.':
			return '_'
		}
		return r
	}, alias)
}
