package blobstore

import (
	"github.com/trellis-lattice/trellis/contract/cbor"
	"github.com/trellis-lattice/trellis/contract/codec"
)

var (
	_ codec.Message = (*ObjectMetadata)(nil)
	_ codec.Message = (*ListObjectsRequest)(nil)
	_ codec.Message = (*ListObjectsResponse)(nil)
	_ codec.Message = (*RemoveObjectsRequest)(nil)
)

// ObjectMetadata describes an object: the output of GetObjectInfo and the
// elements of ListObjectsResponse.
type ObjectMetadata struct {
	ObjectID        string     // @0
	ContainerID     string     // @1
	ContentLength   uint64     // @2, the size in bytes
	LastModified    *Timestamp // @3, optional
	ContentType     *string    // @4, optional MIME type
	ContentEncoding *string    // @5, optional, e.g. "gzip"
}

// AppendMsg appends the payload encoding of m to b: the 0x7f header and the
// CBOR array of its six members.
func (m *ObjectMetadata) AppendMsg(b []byte) []byte { return m.appendCBOR(append(b, cborHeader)) }

func (m *ObjectMetadata) appendCBOR(b []byte) []byte {
	b = cbor.AppendArrayHeader(b, 6)
	b = cbor.AppendText(b, m.ObjectID)
	b = cbor.AppendText(b, m.ContainerID)
	b = cbor.AppendUint(b, m.ContentLength)
	b = appendTimestamp(b, m.LastModified)
	b = appendOptText(b, m.ContentType)
	return appendOptText(b, m.ContentEncoding)
}

// UnmarshalMsg decodes a whole payload into m.
func (m *ObjectMetadata) UnmarshalMsg(b []byte) error {
	*m = ObjectMetadata{}
	return decodePayload(b, "blobstore.ObjectMetadata", m.read)
}

func (m *ObjectMetadata) read(r *reader) error {
	return r.structure("blobstore.ObjectMetadata", []field{
		{"objectId", func(r *reader) error { return r.text(&m.ObjectID) }},
		{"containerId", func(r *reader) error { return r.text(&m.ContainerID) }},
		{"contentLength", func(r *reader) error { return r.u64(&m.ContentLength) }},
		{"lastModified", func(r *reader) error { return r.timestamp(&m.LastModified) }},
		{"contentType", func(r *reader) error { return r.optText(&m.ContentType) }},
		{"contentEncoding", func(r *reader) error { return r.optText(&m.ContentEncoding) }},
	})
}

// ListObjectsRequest is the input of ListObjects: which objects of a
// container to list, in name order.
type ListObjectsRequest struct {
	ContainerID  string  // @0
	StartWith    *string // @1, optional: the first name to list (inclusive)
	Continuation *string // @2, optional: the token of the previous page's response
	EndWith      *string // @3, optional: the last name to list (inclusive)
	EndBefore    *string // @4, optional: list names before this one (exclusive)
	MaxItems     *uint32 // @5, optional: the most objects to return
}

// AppendMsg appends the payload encoding of q to b.
func (q *ListObjectsRequest) AppendMsg(b []byte) []byte { return q.appendCBOR(append(b, cborHeader)) }

func (q *ListObjectsRequest) appendCBOR(b []byte) []byte {
	b = cbor.AppendArrayHeader(b, 6)
	b = cbor.AppendText(b, q.ContainerID)
	b = appendOptText(b, q.StartWith)
	b = appendOptText(b, q.Continuation)
	b = appendOptText(b, q.EndWith)
	b = appendOptText(b, q.EndBefore)
	if q.MaxItems == nil {
		return cbor.AppendNull(b)
	}
	return cbor.AppendUint(b, uint64(*q.MaxItems))
}

// UnmarshalMsg decodes a whole payload into q.
func (q *ListObjectsRequest) UnmarshalMsg(b []byte) error {
	*q = ListObjectsRequest{}
	return decodePayload(b, "blobstore.ListObjectsRequest", q.read)
}

func (q *ListObjectsRequest) read(r *reader) error {
	return r.structure("blobstore.ListObjectsRequest", []field{
		{"containerId", func(r *reader) error { return r.text(&q.ContainerID) }},
		{"startWith", func(r *reader) error { return r.optText(&q.StartWith) }},
		{"continuation", func(r *reader) error { return r.optText(&q.Continuation) }},
		{"endWith", func(r *reader) error { return r.optText(&q.EndWith) }},
		{"endBefore", func(r *reader) error { return r.optText(&q.EndBefore) }},
		{"maxItems", func(r *reader) error { return r.optU32(&q.MaxItems) }},
	})
}

// ListObjectsResponse is the output of ListObjects: one page of objects.
type ListObjectsResponse struct {
	Objects      []ObjectMetadata // @0
	IsLast       bool             // @1: no objects follow this page
	Continuation *string          // @2, optional: pass in the next request to get the next page
}

// AppendMsg appends the payload encoding of p to b.
func (p *ListObjectsResponse) AppendMsg(b []byte) []byte { return p.appendCBOR(append(b, cborHeader)) }

func (p *ListObjectsResponse) appendCBOR(b []byte) []byte {
	b = cbor.AppendArrayHeader(b, 3)
	b = cbor.AppendArrayHeader(b, uint64(len(p.Objects)))
	for i := range p.Objects {
		b = p.Objects[i].appendCBOR(b)
	}
	b = cbor.AppendBool(b, p.IsLast)
	return appendOptText(b, p.Continuation)
}

// UnmarshalMsg decodes a whole payload into p.
func (p *ListObjectsResponse) UnmarshalMsg(b []byte) error {
	*p = ListObjectsResponse{}
	return decodePayload(b, "blobstore.ListObjectsResponse", p.read)
}

func (p *ListObjectsResponse) read(r *reader) error {
	return r.structure("blobstore.ListObjectsResponse", []field{
		{"objects", func(r *reader) error {
			p.Objects = nil
			return r.list(func(int) error {
				var m ObjectMetadata
				err := m.read(r)
				p.Objects = append(p.Objects, m)
				return err
			})
		}},
		{"isLast", func(r *reader) error { return r.boolean(&p.IsLast) }},
		{"continuation", func(r *reader) error { return r.optText(&p.Continuation) }},
	})
}

// RemoveObjectsRequest is the input of RemoveObjects.
type RemoveObjectsRequest struct {
	ContainerID string   // @0
	Objects     []string // @1: the names of the objects to remove
}

// AppendMsg appends the payload encoding of q to b.
func (q *RemoveObjectsRequest) AppendMsg(b []byte) []byte {
	return q.appendCBOR(append(b, cborHeader))
}

func (q *RemoveObjectsRequest) appendCBOR(b []byte) []byte {
	b = cbor.AppendArrayHeader(b, 2)
	b = cbor.AppendText(b, q.ContainerID)
	return appendTexts(b, q.Objects)
}

// UnmarshalMsg decodes a whole payload into q.
func (q *RemoveObjectsRequest) UnmarshalMsg(b []byte) error {
	*q = RemoveObjectsRequest{}
	return decodePayload(b, "blobstore.RemoveObjectsRequest", q.read)
}

func (q *RemoveObjectsRequest) read(r *reader) error {
	return r.structure("blobstore.RemoveObjectsRequest", []field{
		{"containerId", func(r *reader) error { return r.text(&q.ContainerID) }},
		{"objects", func(r *reader) error { return r.strings(&q.Objects) }},
	})
}

// ItemResult is the outcome of removing one container or object, as
// RemoveContainers and RemoveObjects return it for each failure.
type ItemResult struct {
	Key     string  // @0: the container or object name
	Success bool    // @1
	Error   *string // @2, optional: why it failed
}

func (it *ItemResult) appendCBOR(b []byte) []byte {
	b = cbor.AppendArrayHeader(b, 3)
	b = cbor.AppendText(b, it.Key)
	b = cbor.AppendBool(b, it.Success)
	return appendOptText(b, it.Error)
}

func (it *ItemResult) read(r *reader) error {
	return r.structure("blobstore.ItemResult", []field{
		{"key", func(r *reader) error { return r.text(&it.Key) }},
		{"success", func(r *reader) error { return r.boolean(&it.Success) }},
		{"error", func(r *reader) error { return r.optText(&it.Error) }},
	})
}

// appendOptText appends an optional String member: text, or null when absent.
func appendOptText(b []byte, s *string) []byte {
	if s == nil {
		return cbor.AppendNull(b)
	}
	return cbor.AppendText(b, *s)
}

// appendTexts appends a list of String.
func appendTexts(b []byte, list []string) []byte {
	b = cbor.AppendArrayHeader(b, uint64(len(list)))
	for _, s := range list {
		b = cbor.AppendText(b, s)
	}
	return b
}
