package oci

import (
	"fmt"
	"strings"

	"oras.land/oras-go/v2/registry"
)

// Ref is a parsed, normalised artifact reference.
type Ref struct {
	Registry   string // host[:port], lower case; "docker.io" for Docker Hub
	Repository string // lower case, e.g. "acme/echo"
	Tag        string // may be empty when Digest is set
	Digest     string // "sha256:…" or empty
}

// String returns the canonical form registry/repository[:tag][@digest].
func (r Ref) String() string {
	s := r.Registry + "/" + r.Repository
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// reference is what the registry is asked for: the digest when there is one, else the tag.
func (r Ref) reference() string {
	if r.Digest != "" {
		return r.Digest
	}
	return r.Tag
}

const latestAdvice = "pin a version or digest, or allow latest (--allow-latest / TRELLIS_OCI_ALLOW_LATEST)"

// ParseRef parses an OCI reference as wasmCloud did: an optional "oci://" scheme is dropped,
// registry and repository are lower-cased (tags keep their case), a first path segment that is
// not a host ("acme/echo") means Docker Hub. A reference without digest whose tag is "latest",
// or that has neither tag nor digest, is refused with ErrLatest unless allowLatest; with it, a
// missing tag becomes "latest".
func ParseRef(s string, allowLatest bool) (Ref, error) {
	orig := s
	s = strings.TrimPrefix(s, "oci://")
	var r Ref
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s, r.Digest = s[:i], s[i+1:]
	}
	if i := strings.LastIndexByte(s, ':'); i > strings.LastIndexByte(s, '/') {
		s, r.Tag = s[:i], s[i+1:]
	}
	host, repo, ok := strings.Cut(s, "/")
	if !ok || !(strings.ContainsAny(host, ".:") || host == "localhost") {
		host, repo = "docker.io", s
	}
	r.Registry, r.Repository = strings.ToLower(host), strings.ToLower(repo)
	if r.Registry == "docker.io" && !strings.Contains(r.Repository, "/") {
		r.Repository = "library/" + r.Repository
	}
	if r.Digest == "" && (r.Tag == "" || r.Tag == "latest") {
		if !allowLatest {
			what := "uses the latest tag"
			if r.Tag == "" {
				what = "has no tag or digest, so it means the latest tag"
			}
			return Ref{}, &refError{fmt.Sprintf("reference %s %s; %s", orig, what, latestAdvice), ErrLatest}
		}
		r.Tag = "latest"
	}
	if err := r.orasRef().Validate(); err != nil {
		return Ref{}, fmt.Errorf("reference %q: %w", orig, err)
	}
	if r.Tag != "" && r.Digest != "" {
		if err := (registry.Reference{Registry: r.Registry, Repository: r.Repository, Reference: r.Tag}).ValidateReferenceAsTag(); err != nil {
			return Ref{}, fmt.Errorf("reference %q: %w", orig, err)
		}
	}
	return r, nil
}

func (r Ref) orasRef() registry.Reference {
	return registry.Reference{Registry: r.Registry, Repository: r.Repository, Reference: r.reference()}
}

// refError is an error with its own message that still matches a sentinel with errors.Is.
type refError struct {
	msg string
	err error
}

func (e *refError) Error() string { return e.msg }
func (e *refError) Unwrap() error { return e.err }
