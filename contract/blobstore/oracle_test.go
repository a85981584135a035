package blobstore_test

import (
	"reflect"
	"testing"

	fxcbor "github.com/fxamacker/cbor/v2"

	"github.com/trellis-lattice/trellis/contract/blobstore"
)

// The structures below mirror the blobstore structures for an independent
// CBOR library (tests only): toarray for the array form the writers
// produce, keyed for the map form the readers also accept.

type fxChunk struct {
	_           struct{} `cbor:",toarray"`
	ObjectID    string
	ContainerID string
	Bytes       []byte
	Offset      uint64
	IsLast      bool
}

type fxGetObjectResponse struct {
	_               struct{} `cbor:",toarray"`
	Success         bool
	Error           *string
	InitialChunk    *fxChunk
	ContentLength   uint64
	ContentType     *string
	ContentEncoding *string
}

type fxListObjectsRequestMap struct {
	ContainerID string  `cbor:"containerId"`
	StartWith   *string `cbor:"startWith,omitempty"`
	MaxItems    *uint32 `cbor:"maxItems,omitempty"`
	Extra       []int   `cbor:"somethingNew"`
}

type fxPutObjectRequestMap struct {
	Chunk       fxChunkMap `cbor:"chunk"`
	ContentType *string    `cbor:"contentType"`
}

type fxChunkMap struct {
	ObjectID    string `cbor:"objectId"`
	ContainerID string `cbor:"containerId"`
	Bytes       []byte `cbor:"bytes"`
	Offset      uint64 `cbor:"offset"`
	IsLast      bool   `cbor:"isLast"`
}

func TestOracleDecodesOurEncoding(t *testing.T) {
	in := blobstore.GetObjectResponse{Success: true, ContentLength: 9, ContentType: ptr("a/b"),
		InitialChunk: &blobstore.Chunk{ObjectID: "o", ContainerID: "c", Bytes: []byte("123"), Offset: 6, IsLast: true}}
	enc := in.AppendMsg(nil)
	if enc[0] != 0x7f {
		t.Fatalf("no 0x7f header: %x", enc)
	}
	var got fxGetObjectResponse
	if err := fxcbor.Unmarshal(enc[1:], &got); err != nil {
		t.Fatal(err)
	}
	want := fxGetObjectResponse{Success: true, ContentLength: 9, ContentType: ptr("a/b"),
		InitialChunk: &fxChunk{ObjectID: "o", ContainerID: "c", Bytes: []byte("123"), Offset: 6, IsLast: true}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("oracle decoded %+v, want %+v", got, want)
	}
}

func TestWeDecodeOracleEncoding(t *testing.T) {
	arr, err := fxcbor.Marshal(fxGetObjectResponse{Error: ptr("gone"), ContentLength: 1})
	if err != nil {
		t.Fatal(err)
	}
	var r blobstore.GetObjectResponse
	if err := r.UnmarshalMsg(append([]byte{0x7f}, arr...)); err != nil {
		t.Fatal(err)
	}
	if want := (blobstore.GetObjectResponse{Error: ptr("gone"), ContentLength: 1}); !reflect.DeepEqual(r, want) {
		t.Errorf("got %+v, want %+v", r, want)
	}

	m, err := fxcbor.Marshal(fxListObjectsRequestMap{ContainerID: "c", MaxItems: ptr(uint32(70000)), Extra: []int{1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	var q blobstore.ListObjectsRequest
	if err := q.UnmarshalMsg(append([]byte{0x7f}, m...)); err != nil {
		t.Fatal(err)
	}
	if want := (blobstore.ListObjectsRequest{ContainerID: "c", MaxItems: ptr(uint32(70000))}); !reflect.DeepEqual(q, want) {
		t.Errorf("got %+v, want %+v", q, want)
	}

	m, err = fxcbor.Marshal(fxPutObjectRequestMap{Chunk: fxChunkMap{ObjectID: "o", ContainerID: "c", Bytes: make([]byte, 70000), IsLast: true}})
	if err != nil {
		t.Fatal(err)
	}
	var p blobstore.PutObjectRequest
	if err := p.UnmarshalMsg(append([]byte{0x7f}, m...)); err != nil {
		t.Fatal(err)
	}
	if len(p.Chunk.Bytes) != 70000 || !p.Chunk.IsLast || p.ContentType != nil {
		t.Errorf("got chunk of %d bytes, isLast %v, contentType %v", len(p.Chunk.Bytes), p.Chunk.IsLast, p.ContentType)
	}
}
