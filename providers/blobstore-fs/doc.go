// Package blobstorefs is the Trellis capability provider of wasmcloud:blobstore on a local file
// system (ACTORS.md §3.3.8), runnable as cmd/blobstore-fs.
//
// Link values (names matched without regard to case):
//
//	ROOT        required: the absolute directory of the link's containers, created if missing
//	CHUNK_SIZE  optional: download chunk size in bytes, 1 to 16 MiB (default 1 MiB)
//
// A link whose values are missing or invalid is refused by PutLink with an error naming the
// actor and the value. Health checks that every link's ROOT is writable.
//
// Containers are the subdirectories of ROOT and objects the files in them; an object name
// with "/" lives in subdirectories ("a/b.txt" is ROOT/<container>/a/b.txt). Names are checked
// before any file is touched: no empty name or segment, no "." or "..", no "\" or NUL, no
// leading "/", segments of at most 200 bytes, and no segment starting with ".": those names
// are reserved for the provider's own files, the ".container" marker (whose modification time
// is the container's createdAt), the ".<object>.meta" file holding an object's content type and
// encoding, and ".upload-*" files of uploads in progress.
//
// Semantics of the operations:
//
//   - CreateContainer is idempotent; RemoveContainers removes containers with their objects;
//     it and RemoveObjects return an ItemResult only for each failure (a name that is invalid
//     or does not exist, or a file system error).
//   - PutObject requires an existing container and a first chunk at offset 0. The bytes go to a
//     temporary file; when the chunk is the last the file is renamed into place (replacing any
//     previous object), so an object is never visible partly written. Otherwise the response
//     carries a streamId, and PutChunk calls with it append chunks whose offset must equal the
//     bytes uploaded so far; the last chunk renames the file into place, and cancelAndRemove
//     discards the upload. Unfinished uploads are discarded when the link is deleted or
//     replaced and on Shutdown; there is no idle timeout.
//   - ListObjects lists names in byte order, from startWith (inclusive) or after the
//     continuation (the last name of the previous page), up to endWith (inclusive) or before
//     endBefore, at most maxItems (default DefaultMaxItems) per page; isLast is false and
//     continuation set when more names follow.
//   - GetObject serves the inclusive range [rangeStart, rangeEnd], clamped to the object;
//     contentLength is the length of that range. The response holds at most CHUNK_SIZE bytes
//     in initialChunk; the rest reaches the actor in order through ChunkReceiver.ReceiveChunk
//     calls, sent one at a time from a background goroutine started as the response is
//     returned (so the first call may reach the actor before the response does). They stop
//     when the actor answers cancelDownload, a call fails, the link goes away or the provider
//     shuts down. A missing object is reported in the response (success false, error set).
//
// Replies are CBOR with the 0x7f header, whatever encoding the request used. Errors name the
// operation, the actor, the container and object, and the cause, e.g.
// `Blobstore.GetObjectInfo for actor M…, container "c", object "x": object "x" in container
// "c" does not exist`.
package blobstorefs
