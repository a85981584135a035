package oci

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"oras.land/oras-go/v2/errdef"
	"oras.land/oras-go/v2/registry/remote/auth"
	"oras.land/oras-go/v2/registry/remote/errcode"
)

// Errors callers branch on, matched with errors.Is.
var (
	ErrLatest         = errors.New("latest tag refused")
	ErrNotFound       = errors.New("not found")
	ErrUnauthorized   = errors.New("unauthorized")
	ErrDigestMismatch = errors.New("digest mismatch")
	ErrTooLarge       = errors.New("artifact too large")
	ErrInsecure       = errors.New("TLS/plain HTTP mismatch")
	ErrNotArtifact    = errors.New("not a wasmCloud artifact")
	ErrUnknownKind    = errors.New("unknown artifact kind")
)

// Error says which registry operation failed on which reference, and why.
type Error struct {
	Op  string // "push" or "pull"
	Ref Ref
	Err error
}

func (e *Error) Error() string {
	what := "tag " + e.Ref.Tag
	if e.Ref.Digest != "" {
		what = "digest " + e.Ref.Digest
	}
	return fmt.Sprintf("%s %s (registry %s, repository %s, %s): %v", e.Op, e.Ref, e.Ref.Registry, e.Ref.Repository, what, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// explain turns what oras and net/http return into an error that says what to do next and
// matches one of this package's sentinels where one fits.
func explain(err error, r Ref, plainHTTP bool) error {
	var resp *errcode.ErrorResponse
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var recordErr tls.RecordHeaderError
	switch {
	case errors.Is(err, auth.ErrBasicCredentialNotFound):
		return &refError{fmt.Sprintf("%v: registry %s asks for a user name and password and none is known for it; %s",
			ErrUnauthorized, r.Registry, credentialAdvice(r)), ErrUnauthorized}
	case errors.As(err, &resp) && resp.StatusCode == http.StatusUnauthorized,
		errors.As(err, &resp) && resp.StatusCode == http.StatusForbidden:
		return &refError{fmt.Sprintf("%v: registry %s refused access to %s (HTTP %d); %s",
			ErrUnauthorized, r.Registry, r.Repository, resp.StatusCode, credentialAdvice(r)), ErrUnauthorized}
	case errors.As(err, &resp) && resp.StatusCode == http.StatusNotFound,
		errors.Is(err, errdef.ErrNotFound):
		what := "tag " + r.Tag
		if r.Digest != "" {
			what = "manifest " + r.Digest
		}
		return &refError{fmt.Sprintf("%v: registry %s has no repository %s, or no %s in it", ErrNotFound, r.Registry, r.Repository, what), ErrNotFound}
	case errors.As(err, &resp) && resp.StatusCode == http.StatusBadRequest && plainHTTP:
		// An HTTPS server answers a plain HTTP request with 400 "Client sent an HTTP request to
		// an HTTPS server"; oras cannot parse that body, so it reaches us as a bare 400.
		return &refError{fmt.Sprintf("%v: %s was reached over plain HTTP and answered 400 (does it speak HTTPS only? then remove it from the insecure registries): %v", ErrInsecure, r.Registry, err), ErrInsecure}
	case strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"), errors.As(err, &recordErr):
		return &refError{fmt.Sprintf("%v: %s speaks plain HTTP, not HTTPS; add it to the insecure registries (--insecure, TRELLIS_OCI_ALLOWED_INSECURE) if that is intended", ErrInsecure, r.Registry), ErrInsecure}
	case errors.As(err, &certErr), errors.As(err, &unknownAuth):
		return &refError{fmt.Sprintf("%v: the TLS certificate of %s is not trusted: %v", ErrInsecure, r.Registry, err), ErrInsecure}
	}
	return err
}

func credentialAdvice(r Ref) string {
	return fmt.Sprintf("give credentials with 'docker login %s', --user/--password, or the control interface's registries.put", r.Registry)
}
