// Package keyvalue is the wasmCloud 0.x contract wasmcloud:keyvalue
// (ACTORS.md §3.3.3): actors call a key-value provider (Redis, in-memory, …)
// to read and change keys, lists and sets.
//
// Each operation's input and output payload, and the Go type or codec
// function that encodes and decodes it (package codec for bare primitives):
//
//	operation                  input                                   output
//	KeyValue.Get               str key: codec.EncodeString             GetResponse
//	KeyValue.Set               SetRequest                              none (0 bytes)
//	KeyValue.Del               str key: codec.EncodeString             bool deleted: codec.EncodeBool
//	KeyValue.Contains          str key: codec.EncodeString             bool: codec.EncodeBool
//	KeyValue.Increment         IncrementRequest                        i32 new value: codec.EncodeI32
//	KeyValue.ListAdd           ListAddRequest                          u32 new length: codec.EncodeU32
//	KeyValue.ListDel           ListDelRequest                          bool removed: codec.EncodeBool
//	KeyValue.ListClear         str list name: codec.EncodeString       bool existed: codec.EncodeBool
//	KeyValue.ListRange         ListRangeRequest                        list of str: codec.EncodeStrings
//	KeyValue.SetAdd            SetAddRequest                           u32 added (0/1): codec.EncodeU32
//	KeyValue.SetDel            SetDelRequest                           u32 removed (0/1): codec.EncodeU32
//	KeyValue.SetQuery          str set name: codec.EncodeString        list of str: codec.EncodeStrings
//	KeyValue.SetUnion          list of str set names: EncodeStrings    list of str: codec.EncodeStrings
//	KeyValue.SetIntersection   list of str set names: EncodeStrings    list of str: codec.EncodeStrings
//	KeyValue.SetClear          str set name: codec.EncodeString        bool existed: codec.EncodeBool
//
// Each Encode function in codec has a matching Decode function (DecodeString,
// DecodeBool, DecodeI32, DecodeU32, DecodeStrings). Structures encode with
// AppendMsg and decode a whole payload with UnmarshalMsg; every member of
// every keyvalue structure is required and always written.
//
// Go actors use the package through the actor SDK; keyvalue providers and
// the host use it on the provider side. It does not implement a store.
package keyvalue
