// Package numbergen is the wasmCloud 0.x built-in contract
// wasmcloud:builtin:numbergen (ACTORS.md §2.4): the host answers an actor's
// requests for GUIDs and random numbers itself. No provider or link is
// involved; the actor's claims must list the contract.
//
//	operation                 input                    output
//	NumberGen.GenerateGuid    none (0 bytes)           str UUID v4: codec.EncodeString / DecodeString
//	NumberGen.RandomInRange   RangeLimit               u32 in [Min, Max]: codec.EncodeU32 / DecodeU32
//	NumberGen.Random32        none (0 bytes)           u32: codec.EncodeU32 / DecodeU32
//
// RangeLimit encodes with AppendMsg and decodes a whole payload with
// UnmarshalMsg, following the msgpack rules of package codec. Go actors use
// the package through the actor SDK; the host decodes requests and encodes
// replies. It does not generate numbers.
package numbergen
