package wasmrt

import (
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/trellis-lattice/trellis/internal/claims"
)

// identify validates the module's claims (ACTORS.md §4.7) and returns the actor's identity.
// An unsigned module is admitted only when allowUnsigned is set; it then gets a module key
// derived from its hash, so that its identity is stable for the same bytes. Present but
// invalid claims are never admitted.
func identify(wasm []byte, now time.Time, allowUnsigned bool) (*Identity, error) {
	a, err := claims.ValidateModule(wasm, now)
	switch {
	case err == nil:
		return &Identity{
			PublicKey: a.PublicKey(),
			Issuer:    a.Issuer,
			Name:      a.Name,
			CallAlias: a.CallAlias,
			Caps:      a.Caps,
			Tags:      a.Tags,
			Revision:  a.EffectiveRevision(),
			Version:   a.Ver,
			Hash:      a.Hash,
			Signed:    true,
			Token:     a.Token,
			Expires:   a.Expires,
			Warnings:  a.Warnings,
		}, nil
	case errors.Is(err, claims.ErrNoClaims) && allowUnsigned:
		return unsignedIdentity(wasm)
	case errors.Is(err, claims.ErrNoClaims):
		return nil, fmt.Errorf("%w; unsigned modules run only when explicitly allowed (allow-unsigned)", err)
	}
	return nil, err
}

func unsignedIdentity(wasm []byte) (*Identity, error) {
	hash, err := claims.ModuleHash(wasm)
	if err != nil {
		return nil, err
	}
	raw, err := hex.DecodeString(hash)
	if err != nil {
		return nil, fmt.Errorf("decode module hash: %w", err)
	}
	key, err := claims.EncodePublic(claims.PrefixModule, raw)
	if err != nil {
		return nil, err
	}
	return &Identity{PublicKey: key, Name: "unsigned", Hash: hash}, nil
}
