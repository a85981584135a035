// Package par reads, writes and unpacks provider archives (PARs, ACTORS.md §4.10): a tar file,
// optionally gzip-compressed, holding a capability provider's signed claims (claims.jwt) and one
// native executable per target (<target>.bin, e.g. x86_64-linux.bin).
//
// Read checks an archive as a host must before running anything from it: the claims' signature,
// expiry and key types (which wasmCloud 0.x hosts skipped), and the SHA-256 of every binary
// against the claims' target_hashes, so a binary changed after signing is refused with the
// target and both hashes named. Create builds and signs an archive from binaries. Extract writes
// a target's binary into a cache keyed by provider key and revision, once, and checks the
// cached file's hash every time it is reused.
//
// The package does not launch providers (internal/host does) or fetch archives from registries
// (internal/oci does). Users: cmd/trellis (par create, par inspect) and internal/host.
package par
