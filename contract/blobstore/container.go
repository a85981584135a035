package blobstore

import (
	"github.com/trellis-lattice/trellis/contract/cbor"
	"github.com/trellis-lattice/trellis/contract/codec"
)

var (
	_ codec.Message = (*ContainerObject)(nil)
	_ codec.Message = (*ContainerMetadata)(nil)
)

// ContainerObject names an object in a container: the input of
// ObjectExists and GetObjectInfo.
type ContainerObject struct {
	ContainerID string // @0
	ObjectID    string // @1
}

// AppendMsg appends the payload encoding of c to b: the 0x7f header and the
// CBOR array [containerId, objectId].
func (c *ContainerObject) AppendMsg(b []byte) []byte { return c.appendCBOR(append(b, cborHeader)) }

func (c *ContainerObject) appendCBOR(b []byte) []byte {
	b = cbor.AppendArrayHeader(b, 2)
	b = cbor.AppendText(b, c.ContainerID)
	return cbor.AppendText(b, c.ObjectID)
}

// UnmarshalMsg decodes a whole payload into c: CBOR after the 0x7f header
// (an array or a map) or msgpack (a map).
func (c *ContainerObject) UnmarshalMsg(b []byte) error {
	*c = ContainerObject{}
	return decodePayload(b, "blobstore.ContainerObject", c.read)
}

func (c *ContainerObject) read(r *reader) error {
	return r.structure("blobstore.ContainerObject", []field{
		{"containerId", func(r *reader) error { return r.text(&c.ContainerID) }},
		{"objectId", func(r *reader) error { return r.text(&c.ObjectID) }},
	})
}

// ContainerMetadata describes a container: the output of GetContainerInfo
// and the elements of ListContainers' output.
type ContainerMetadata struct {
	ContainerID string     // @0
	CreatedAt   *Timestamp // @1, optional
}

// AppendMsg appends the payload encoding of m to b: the 0x7f header and the
// CBOR array [containerId, createdAt] (createdAt as two items, or null).
func (m *ContainerMetadata) AppendMsg(b []byte) []byte { return m.appendCBOR(append(b, cborHeader)) }

func (m *ContainerMetadata) appendCBOR(b []byte) []byte {
	b = cbor.AppendArrayHeader(b, 2)
	b = cbor.AppendText(b, m.ContainerID)
	return appendTimestamp(b, m.CreatedAt)
}

// UnmarshalMsg decodes a whole payload into m.
func (m *ContainerMetadata) UnmarshalMsg(b []byte) error {
	*m = ContainerMetadata{}
	return decodePayload(b, "blobstore.ContainerMetadata", m.read)
}

func (m *ContainerMetadata) read(r *reader) error {
	return r.structure("blobstore.ContainerMetadata", []field{
		{"containerId", func(r *reader) error { return r.text(&m.ContainerID) }},
		{"createdAt", func(r *reader) error { return r.timestamp(&m.CreatedAt) }},
	})
}
