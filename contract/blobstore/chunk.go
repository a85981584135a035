package blobstore

import (
	"github.com/trellis-lattice/trellis/contract/cbor"
	"github.com/trellis-lattice/trellis/contract/codec"
)

var (
	_ codec.Message = (*Chunk)(nil)
	_ codec.Message = (*ChunkResponse)(nil)
)

// Chunk is a piece of an object's content: part of an upload (PutObject,
// PutChunk) or of a download (GetObject, ChunkReceiver.ReceiveChunk, whose
// input it is).
type Chunk struct {
	ObjectID    string // @0
	ContainerID string // @1
	Bytes       []byte // @2
	Offset      uint64 // @3: where Bytes start in the object
	IsLast      bool   // @4: no chunks follow
}

// AppendMsg appends the payload encoding of c to b.
func (c *Chunk) AppendMsg(b []byte) []byte { return c.appendCBOR(append(b, cborHeader)) }

func (c *Chunk) appendCBOR(b []byte) []byte {
	b = cbor.AppendArrayHeader(b, 5)
	b = cbor.AppendText(b, c.ObjectID)
	b = cbor.AppendText(b, c.ContainerID)
	b = cbor.AppendBytes(b, c.Bytes)
	b = cbor.AppendUint(b, c.Offset)
	return cbor.AppendBool(b, c.IsLast)
}

// UnmarshalMsg decodes a whole payload into c.
func (c *Chunk) UnmarshalMsg(b []byte) error {
	*c = Chunk{}
	return decodePayload(b, "blobstore.Chunk", c.read)
}

func (c *Chunk) read(r *reader) error {
	return r.structure("blobstore.Chunk", []field{
		{"objectId", func(r *reader) error { return r.text(&c.ObjectID) }},
		{"containerId", func(r *reader) error { return r.text(&c.ContainerID) }},
		{"bytes", func(r *reader) error { return r.blob(&c.Bytes) }},
		{"offset", func(r *reader) error { return r.u64(&c.Offset) }},
		{"isLast", func(r *reader) error { return r.boolean(&c.IsLast) }},
	})
}

// optChunk reads an optional Chunk member: null is absent.
func (r *reader) optChunk(dst **Chunk) error {
	if *dst = nil; r.null() {
		return nil
	}
	c := new(Chunk)
	if err := c.read(r); err != nil {
		return err
	}
	*dst = c
	return nil
}

// ChunkResponse is the output of ChunkReceiver.ReceiveChunk.
type ChunkResponse struct {
	// CancelDownload asks the provider to send no more chunks. @0
	CancelDownload bool
}

// AppendMsg appends the payload encoding of c to b.
func (c *ChunkResponse) AppendMsg(b []byte) []byte {
	b = cbor.AppendArrayHeader(append(b, cborHeader), 1)
	return cbor.AppendBool(b, c.CancelDownload)
}

// UnmarshalMsg decodes a whole payload into c.
func (c *ChunkResponse) UnmarshalMsg(b []byte) error {
	*c = ChunkResponse{}
	return decodePayload(b, "blobstore.ChunkResponse", func(r *reader) error {
		return r.structure("blobstore.ChunkResponse", []field{
			{"cancelDownload", func(r *reader) error { return r.boolean(&c.CancelDownload) }},
		})
	})
}
