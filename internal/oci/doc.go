// Package oci pushes actors (signed wasm modules) and provider archives to OCI registries and
// pulls them back, the way wasmCloud 0.x hosts and wash did: the same media types, lower-cased
// references, ":latest" refused unless allowed, plain HTTP only for registries listed as insecure
// (and loopback), and credentials looked up per registry.
//
// Everything pulled is verified against the digest that names it before it is returned or cached;
// the cache is keyed by content digest and re-verified on every use.
//
// It does not check signatures, claims or archive contents: the host does that with
// internal/claims and internal/par after a pull. It reads no flags or environment of its own
// (DOCKER_CONFIG aside, which the docker credential store honours); cmd/trellis and the host fill
// Options. Used by cmd/trellis (push, pull); meant for internal/host too, to start actors and
// providers from OCI references.
package oci
