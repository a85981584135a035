package blobstore

import (
	"github.com/trellis-lattice/trellis/contract/cbor"
	"github.com/trellis-lattice/trellis/contract/codec"
)

var (
	_ codec.Message = (*GetObjectRequest)(nil)
	_ codec.Message = (*GetObjectResponse)(nil)
)

// GetObjectRequest is the input of GetObject. The range is inclusive at
// both ends; an absent start is 0, an absent end the object's last byte.
type GetObjectRequest struct {
	ObjectID    string  // @0
	ContainerID string  // @1
	RangeStart  *uint64 // @2, optional
	RangeEnd    *uint64 // @3, optional
}

// AppendMsg appends the payload encoding of q to b.
func (q *GetObjectRequest) AppendMsg(b []byte) []byte {
	b = cbor.AppendArrayHeader(append(b, cborHeader), 4)
	b = cbor.AppendText(b, q.ObjectID)
	b = cbor.AppendText(b, q.ContainerID)
	b = appendOptUint(b, q.RangeStart)
	return appendOptUint(b, q.RangeEnd)
}

// UnmarshalMsg decodes a whole payload into q.
func (q *GetObjectRequest) UnmarshalMsg(b []byte) error {
	*q = GetObjectRequest{}
	return decodePayload(b, "blobstore.GetObjectRequest", func(r *reader) error {
		return r.structure("blobstore.GetObjectRequest", []field{
			{"objectId", func(r *reader) error { return r.text(&q.ObjectID) }},
			{"containerId", func(r *reader) error { return r.text(&q.ContainerID) }},
			{"rangeStart", func(r *reader) error { return r.optU64(&q.RangeStart) }},
			{"rangeEnd", func(r *reader) error { return r.optU64(&q.RangeEnd) }},
		})
	})
}

// GetObjectResponse is the output of GetObject. When the requested bytes do
// not fit InitialChunk, the rest reach the actor through
// ChunkReceiver.ReceiveChunk calls.
type GetObjectResponse struct {
	Success         bool    // @0
	Error           *string // @1, optional: why it failed
	InitialChunk    *Chunk  // @2, optional
	ContentLength   uint64  // @3: the number of bytes the whole download delivers
	ContentType     *string // @4, optional
	ContentEncoding *string // @5, optional
}

// AppendMsg appends the payload encoding of p to b.
func (p *GetObjectResponse) AppendMsg(b []byte) []byte {
	b = cbor.AppendArrayHeader(append(b, cborHeader), 6)
	b = cbor.AppendBool(b, p.Success)
	b = appendOptText(b, p.Error)
	if p.InitialChunk == nil {
		b = cbor.AppendNull(b)
	} else {
		b = p.InitialChunk.appendCBOR(b)
	}
	b = cbor.AppendUint(b, p.ContentLength)
	b = appendOptText(b, p.ContentType)
	return appendOptText(b, p.ContentEncoding)
}

// UnmarshalMsg decodes a whole payload into p.
func (p *GetObjectResponse) UnmarshalMsg(b []byte) error {
	*p = GetObjectResponse{}
	return decodePayload(b, "blobstore.GetObjectResponse", func(r *reader) error {
		return r.structure("blobstore.GetObjectResponse", []field{
			{"success", func(r *reader) error { return r.boolean(&p.Success) }},
			{"error", func(r *reader) error { return r.optText(&p.Error) }},
			{"initialChunk", func(r *reader) error { return r.optChunk(&p.InitialChunk) }},
			{"contentLength", func(r *reader) error { return r.u64(&p.ContentLength) }},
			{"contentType", func(r *reader) error { return r.optText(&p.ContentType) }},
			{"contentEncoding", func(r *reader) error { return r.optText(&p.ContentEncoding) }},
		})
	})
}

// appendOptUint appends an optional U64 member: the integer, or null.
func appendOptUint(b []byte, v *uint64) []byte {
	if v == nil {
		return cbor.AppendNull(b)
	}
	return cbor.AppendUint(b, *v)
}
