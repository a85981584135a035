package blobstore

import (
	"github.com/trellis-lattice/trellis/contract/cbor"
	"github.com/trellis-lattice/trellis/contract/codec"
)

var (
	_ codec.Message = (*PutObjectRequest)(nil)
	_ codec.Message = (*PutObjectResponse)(nil)
	_ codec.Message = (*PutChunkRequest)(nil)
)

// PutObjectRequest is the input of PutObject: the object's first (or only)
// chunk and its content metadata.
type PutObjectRequest struct {
	Chunk           Chunk   // @0
	ContentType     *string // @1, optional
	ContentEncoding *string // @2, optional
}

// AppendMsg appends the payload encoding of q to b.
func (q *PutObjectRequest) AppendMsg(b []byte) []byte {
	b = cbor.AppendArrayHeader(append(b, cborHeader), 3)
	b = q.Chunk.appendCBOR(b)
	b = appendOptText(b, q.ContentType)
	return appendOptText(b, q.ContentEncoding)
}

// UnmarshalMsg decodes a whole payload into q.
func (q *PutObjectRequest) UnmarshalMsg(b []byte) error {
	*q = PutObjectRequest{}
	return decodePayload(b, "blobstore.PutObjectRequest", func(r *reader) error {
		return r.structure("blobstore.PutObjectRequest", []field{
			{"chunk", q.Chunk.read},
			{"contentType", func(r *reader) error { return r.optText(&q.ContentType) }},
			{"contentEncoding", func(r *reader) error { return r.optText(&q.ContentEncoding) }},
		})
	})
}

// PutObjectResponse is the output of PutObject.
type PutObjectResponse struct {
	// StreamID, when set, names the upload that further PutChunk calls
	// continue: the first chunk was not the last. @0, optional
	StreamID *string
}

// AppendMsg appends the payload encoding of p to b.
func (p *PutObjectResponse) AppendMsg(b []byte) []byte {
	b = cbor.AppendArrayHeader(append(b, cborHeader), 1)
	return appendOptText(b, p.StreamID)
}

// UnmarshalMsg decodes a whole payload into p.
func (p *PutObjectResponse) UnmarshalMsg(b []byte) error {
	*p = PutObjectResponse{}
	return decodePayload(b, "blobstore.PutObjectResponse", func(r *reader) error {
		return r.structure("blobstore.PutObjectResponse", []field{
			{"streamId", func(r *reader) error { return r.optText(&p.StreamID) }},
		})
	})
}

// PutChunkRequest is the input of PutChunk: a further chunk of an upload
// that PutObject started.
type PutChunkRequest struct {
	Chunk    Chunk   // @0
	StreamID *string // @1, optional: PutObjectResponse.StreamID
	// CancelAndRemove abandons the upload and removes what was written. @2
	CancelAndRemove bool
}

// AppendMsg appends the payload encoding of q to b.
func (q *PutChunkRequest) AppendMsg(b []byte) []byte {
	b = cbor.AppendArrayHeader(append(b, cborHeader), 3)
	b = q.Chunk.appendCBOR(b)
	b = appendOptText(b, q.StreamID)
	return cbor.AppendBool(b, q.CancelAndRemove)
}

// UnmarshalMsg decodes a whole payload into q.
func (q *PutChunkRequest) UnmarshalMsg(b []byte) error {
	*q = PutChunkRequest{}
	return decodePayload(b, "blobstore.PutChunkRequest", func(r *reader) error {
		return r.structure("blobstore.PutChunkRequest", []field{
			{"chunk", q.Chunk.read},
			{"streamId", func(r *reader) error { return r.optText(&q.StreamID) }},
			{"cancelAndRemove", func(r *reader) error { return r.boolean(&q.CancelAndRemove) }},
		})
	})
}
