package manifest

import (
	"regexp"
	"strings"
)

// Grammar of image references; see the package documentation.
var (
	builtinName   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	domainPart    = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$`)
	ipv6Host      = regexp.MustCompile(`^\[[0-9A-Fa-f:.]+\]$`)
	portNumber    = regexp.MustCompile(`^[0-9]{1,5}$`)
	pathComponent = regexp.MustCompile(`^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$`)
	tagPattern    = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	digestPattern = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
)

const maxRepositoryLength = 255

// imageProblem says what is wrong with image, or returns "". builtin allows a bare built-in
// provider name.
func imageProblem(image string, builtin bool) string {
	switch {
	case strings.HasPrefix(image, "file://"):
		path := strings.TrimPrefix(image, "file://")
		if !strings.HasPrefix(path, "/") || path == "/" {
			return "a file:// URL needs an absolute path, as in file:///srv/echo.wasm"
		}
		if strings.ContainsRune(path, 0) {
			return "the path contains a NUL byte"
		}
		return ""
	case !strings.ContainsAny(image, "/:@."):
		if builtinName.MatchString(image) {
			if !builtin {
				return "a bare name is a built-in capability provider, not an actor"
			}
			return ""
		}
		if builtin {
			return "a built-in provider name has only lowercase letters, digits and '-'"
		}
		return "not a file:// URL or an OCI reference"
	}
	return ociProblem(image)
}

// ociProblem checks registry/repository[:tag][@sha256:hex].
func ociProblem(ref string) string {
	name, digest, hasDigest := strings.Cut(ref, "@")
	if hasDigest && !digestPattern.MatchString(digest) {
		return "the digest must be sha256: followed by 64 lowercase hexadecimal digits"
	}
	domain, rest, hasSlash := strings.Cut(name, "/")
	if !hasSlash || !strings.ContainsAny(domain, ".:") && domain != "localhost" {
		return "no registry: an OCI reference starts with a registry host, as in ghcr.io/org/echo:0.1.0"
	}
	if p := domainProblem(domain); p != "" {
		return p
	}
	repo := rest
	if i := strings.LastIndexByte(rest, ':'); i >= 0 {
		repo = rest[:i]
		if tag := rest[i+1:]; !tagPattern.MatchString(tag) {
			return "the tag " + quote(tag) + " is not up to 128 letters, digits, '_', '.' and '-', starting with a letter, digit or '_'"
		}
	}
	if len(domain)+1+len(repo) > maxRepositoryLength {
		return "the registry and repository are longer than 255 characters"
	}
	for part := range strings.SplitSeq(repo, "/") {
		if pathComponent.MatchString(part) {
			continue
		}
		if pathComponent.MatchString(strings.ToLower(part)) {
			return "the repository must be lowercase"
		}
		return "the repository component " + quote(part) + " is not lowercase letters and digits joined by '.', '_', '__' or '-'"
	}
	return ""
}

func domainProblem(domain string) string {
	host, port := domain, ""
	if i := strings.LastIndexByte(domain, ':'); i >= 0 && !strings.HasSuffix(domain, "]") {
		host, port = domain[:i], domain[i+1:]
		if !portNumber.MatchString(port) {
			return "the registry port " + quote(port) + " is not a number"
		}
	}
	if ipv6Host.MatchString(host) {
		return ""
	}
	for part := range strings.SplitSeq(host, ".") {
		if !domainPart.MatchString(part) {
			return "the registry " + quote(host) + " is not a host name such as ghcr.io or localhost:5000"
		}
	}
	return ""
}
