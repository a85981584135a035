package claims

import "errors"

// Errors that callers branch on with errors.Is. Returned errors wrap them with details.
var (
	// ErrNoClaims means a module has no `jwt` or `wasmcloud_jwt` custom section.
	ErrNoClaims = errors.New("no claims: module has no jwt or wasmcloud_jwt custom section (sign it first)")
	// ErrMalformed means a token cannot be decoded: wrong segment count, bad base64 or JSON,
	// missing iss/sub, negative times.
	ErrMalformed = errors.New("malformed claims token")
	// ErrBadHeader means the token header is not {"typ":"jwt","alg":"Ed25519"}.
	ErrBadHeader = errors.New("unsupported token header")
	// ErrBadSignature means the Ed25519 signature does not verify with the issuer's key.
	ErrBadSignature = errors.New("bad signature")
	// ErrExpired means the token's exp is in the past.
	ErrExpired = errors.New("claims expired")
	// ErrNotYetValid means the token's nbf is in the future.
	ErrNotYetValid = errors.New("claims not yet valid")
	// ErrHashMismatch means the module hash in the claims differs from the module's actual hash.
	ErrHashMismatch = errors.New("module hash mismatch")
	// ErrWrongKeyType means a key or token is of the wrong kind, e.g. a module key where an
	// account key is required, or provider claims where actor claims are expected.
	ErrWrongKeyType = errors.New("wrong key type")
	// ErrInvalidKey means a key's text is not a valid nkey: wrong length, bad base32, unknown
	// prefix or checksum mismatch.
	ErrInvalidKey = errors.New("invalid key")
)
