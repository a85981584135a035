// Package claims signs and verifies wascap claims: the Ed25519 JWTs that give a wasmCloud 0.x
// actor module or capability provider its identity, issuer and capabilities (ACTORS.md §4).
//
// It provides nkeys-compatible keys for every prefix Trellis uses, including the module (M) and
// provider (V) prefixes that github.com/nats-io/nkeys refuses; encoding, signing and decoding of
// actor and provider tokens; embedding a token in a module's `jwt` custom section; the module hash;
// the host's validation procedure (ValidateModule for actors, ValidateToken for providers); and
// SignJWT and ParseJWT, the generic token functions other token kinds are built on.
//
// It does not store keys on disk, decide which issuers a host trusts, or handle provider archives
// and lattice invocation tokens: cmd/trellis keeps key files, internal/par reads archives and
// internal/lattice signs invocations. Users: cmd/trellis (keys, claims, build), internal/host
// (validation before an actor starts), internal/par.
package claims
