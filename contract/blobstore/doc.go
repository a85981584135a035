// Package blobstore is the wasmCloud 0.x contract wasmcloud:blobstore
// (ACTORS.md §3.3.8): actors call a blob store provider (a file system, S3,
// …) to manage containers and the objects in them, and the provider streams
// large downloads back to the actor through ChunkReceiver.ReceiveChunk.
//
// Unlike the other contracts, blobstore payloads are CBOR (§3.2): the byte
// 0x7f, then one CBOR item. Structures are CBOR arrays in the order of their
// members' @n index, an absent optional member is null, and a Timestamp
// member takes its slot as two items (i64 seconds, u32 nanoseconds). The
// writers here produce exactly that. The readers accept what any peer of the
// era sends: CBOR structures as arrays or as maps keyed by member name, and
// msgpack payloads (first byte ≥ 0x80, or the 0xc1 prefix) with structures
// as maps, which the Rust decoders also accepted. A missing member reads as
// its zero value; unknown members are skipped.
//
// Each operation's input and output payload, and the Go type or function
// that encodes and decodes it:
//
//	operation                     input                                output
//	Blobstore.ContainerExists     EncodeContainerID                    EncodeBool
//	Blobstore.CreateContainer     EncodeContainerID                    none (0 bytes)
//	Blobstore.GetContainerInfo    EncodeContainerID                    ContainerMetadata
//	Blobstore.ListContainers      none (0 bytes)                       EncodeContainersInfo
//	Blobstore.RemoveContainers    EncodeContainerIDs                   EncodeItemResults (failures only)
//	Blobstore.ObjectExists        ContainerObject                      EncodeBool
//	Blobstore.GetObjectInfo       ContainerObject                      ObjectMetadata
//	Blobstore.ListObjects         ListObjectsRequest                   ListObjectsResponse
//	Blobstore.RemoveObjects       RemoveObjectsRequest                 EncodeItemResults (failures only)
//	Blobstore.PutObject           PutObjectRequest                     PutObjectResponse
//	Blobstore.PutChunk            PutChunkRequest                      none (0 bytes)
//	Blobstore.GetObject           GetObjectRequest                     GetObjectResponse
//	ChunkReceiver.ReceiveChunk    Chunk (the actor receives it)        ChunkResponse
//
// Each Encode function has a matching Decode function. Structures implement
// codec.Message: AppendMsg writes the whole payload (header included) and
// UnmarshalMsg decodes one.
//
// Go actors use the package through the actor SDK; blob store providers and
// the host use it on the provider side. It does not implement a store. Like
// codec and cbor, it imports no fmt, reflect or time, so actors stay small.
package blobstore
