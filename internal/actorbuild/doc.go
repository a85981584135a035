// Package actorbuild compiles a Go actor package into a WebAssembly module ready to sign:
// `GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared`, then `_initialize` exported a second
// time as `wapc_init` so a wasmCloud 0.x host, which never calls `_initialize`, initialises the
// Go runtime too (ACTORS.md §6). It does not sign; callers (the `trellis build` command, tests
// that run the examples) sign with internal/claims.
package actorbuild
