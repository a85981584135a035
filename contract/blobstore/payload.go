package blobstore

import "github.com/trellis-lattice/trellis/contract/cbor"

// The functions below encode and decode the payloads that are a bare value
// rather than a structure. Encoders write CBOR after the 0x7f header;
// decoders also accept msgpack (ACTORS.md §3.2).

// EncodeContainerID encodes a payload that is a bare ContainerId (String):
// the input of ContainerExists, CreateContainer and GetContainerInfo.
func EncodeContainerID(id string) []byte { return cbor.AppendText([]byte{cborHeader}, id) }

// DecodeContainerID decodes a payload that is a bare ContainerId.
func DecodeContainerID(b []byte) (id string, err error) {
	err = decodePayload(b, "container id", func(r *reader) error { return r.text(&id) })
	return id, err
}

// EncodeBool encodes a payload that is a bare Boolean: the output of
// ContainerExists and ObjectExists.
func EncodeBool(v bool) []byte { return cbor.AppendBool([]byte{cborHeader}, v) }

// DecodeBool decodes a payload that is a bare Boolean.
func DecodeBool(b []byte) (v bool, err error) {
	err = decodePayload(b, "bool", func(r *reader) error { return r.boolean(&v) })
	return v, err
}

// EncodeContainerIDs encodes a payload that is a list of ContainerId: the
// input of RemoveContainers.
func EncodeContainerIDs(ids []string) []byte { return appendTexts([]byte{cborHeader}, ids) }

// DecodeContainerIDs decodes a payload that is a list of ContainerId; an
// empty list is nil.
func DecodeContainerIDs(b []byte) (ids []string, err error) {
	err = decodePayload(b, "list of container ids", func(r *reader) error { return r.strings(&ids) })
	return ids, err
}

// EncodeItemResults encodes a payload that is a list of ItemResult: the
// output of RemoveContainers and RemoveObjects.
func EncodeItemResults(list []ItemResult) []byte {
	b := cbor.AppendArrayHeader([]byte{cborHeader}, uint64(len(list)))
	for i := range list {
		b = list[i].appendCBOR(b)
	}
	return b
}

// DecodeItemResults decodes a payload that is a list of ItemResult; an
// empty list is nil.
func DecodeItemResults(b []byte) (list []ItemResult, err error) {
	err = decodePayload(b, "list of blobstore.ItemResult", func(r *reader) error {
		return r.list(func(int) error {
			var it ItemResult
			err := it.read(r)
			list = append(list, it)
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// EncodeContainersInfo encodes a payload that is a list of
// ContainerMetadata: the output of ListContainers.
func EncodeContainersInfo(list []ContainerMetadata) []byte {
	b := cbor.AppendArrayHeader([]byte{cborHeader}, uint64(len(list)))
	for i := range list {
		b = list[i].appendCBOR(b)
	}
	return b
}

// DecodeContainersInfo decodes a payload that is a list of
// ContainerMetadata; an empty list is nil.
func DecodeContainersInfo(b []byte) (list []ContainerMetadata, err error) {
	err = decodePayload(b, "list of blobstore.ContainerMetadata", func(r *reader) error {
		return r.list(func(int) error {
			var m ContainerMetadata
			err := m.read(r)
			list = append(list, m)
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}
