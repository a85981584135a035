// Package cbor is the CBOR (RFC 8949) codec of Trellis contracts: the
// encoding that wasmcloud:blobstore payloads use after their 0x7f header
// (ACTORS.md §3.2), and that wasmcloud:sqldb uses for its rows (§3.3.7).
//
// Writers append one item to a buffer in the preferred (smallest) form:
// [AppendUint], [AppendInt], [AppendText], [AppendBytes], [AppendArrayHeader],
// [AppendMapHeader] and so on; [AppendValue] writes a tree of Go values, map
// keys in the core deterministic order of RFC 8949 §4.2.1, so equal values
// always encode to equal bytes. Floats are written in the width asked for,
// never shortened.
//
// Readers take one item from the front of a buffer and return the bytes
// after it: typed readers ([ReadUint], [ReadInt], [ReadText], [ReadBytes],
// [ReadArrayHeader], …) for contract structures, [ReadValue] and [Decode]
// for a generic tree, [Skip] to pass over an item. They accept every
// well-formed encoding of a value (any integer width, indefinite-length
// strings, arrays and maps) and reject the rest with errors callers can
// branch on ([ErrTruncated], [ErrMalformed], [ErrTooDeep], [TypeError],
// [RangeError]). Against hostile input, nesting deeper than [MaxDepth] is an
// error, and a length larger than the bytes left is [ErrTruncated] before
// anything is allocated. Values read never alias the input buffer.
//
// The package knows no contract; package blobstore builds the
// wasmcloud:blobstore structures on it. Go actors link it (compiled for
// wasip1), so, like package codec, it implements the subset of CBOR it needs
// itself and imports only errors, math, slices, strconv and unicode/utf8: no
// CBOR library, and no fmt, reflect, encoding/json or time, which a general
// CBOR library links into every wasm module that imports it.
package cbor
