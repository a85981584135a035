// Package codec holds the MessagePack rules shared by every Trellis contract
// package (ACTORS.md §3.1): tolerant readers for the values wasmCloud 0.x
// actors and providers put on the wire, and helpers for payloads that are a
// bare primitive (a str, a bool, an i32, a u32, a list of str).
//
// Readers follow the receiving side of §3.1:
//
//   - structures are maps read by key ([ReadMap], [DecodeMap]); unknown keys
//     are skipped ([Skip]) and key order does not matter;
//   - a blob may arrive as bin, str or an array of u8 integers ([ReadBlob]);
//   - a list is an array in any of its forms ([ReadStrings], or
//     [ReadArrayHeader] for lists whose elements a contract package reads);
//   - an integer may arrive in any msgpack width whose value fits the target
//     type; floats, out-of-range values and truncated data are errors that
//     say what was found ([TypeError], [RangeError], [ErrTruncated]);
//   - nil stands for an absent optional member ([ReadOptionalString]).
//
// Writers follow the sending side: the Append functions write integers in the
// smallest form of their signedness (signed for I8–I64, unsigned for U8–U64,
// which strict TinyGo decoders require) and blobs as bin. Contract packages
// write only through them. Values read never alias the input buffer.
//
// Every contract structure implements [Message]: AppendMsg to encode,
// UnmarshalMsg to decode a whole payload.
//
// The package does not know any contract: the types, operation names and
// per-operation payload rules live in the contract packages (keyvalue,
// httpserver, …) that build on it. Those packages are used by Go actors
// (through the actor SDK, compiled for wasip1), by providers and by the host.
// So that every actor stays small, codec implements the msgpack subset it
// needs itself (wire.go, read.go, write.go, skip.go) and imports only errors,
// math, slices and strconv: no msgpack library, and no fmt, reflect,
// encoding/json or time, which a general msgpack library links into every
// wasm module that imports it (about 1.2 MB for a wasip1 actor).
package codec
