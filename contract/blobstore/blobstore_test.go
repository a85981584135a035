package blobstore_test

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/contract/blobstore"
	"github.com/trellis-lattice/trellis/contract/cbor"
	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

func ptr[T any](v T) *T { return &v }

// message is the codec.Message of a pointer to T.
type message[T any] interface {
	*T
	codec.Message
}

// checkGolden requires v to encode to the hand-written vector want, and the
// vector to decode to v.
func checkGolden[T any, P message[T]](t *testing.T, v *T, want string) {
	t.Helper()
	w := codectest.Hex(t, want)
	if got := P(v).AppendMsg(nil); !bytes.Equal(got, w) {
		t.Errorf("%T encoding\n got: %s\nwant: %s", v, codectest.Dump(got), codectest.Dump(w))
	}
	var back T
	if err := P(&back).UnmarshalMsg(w); err != nil {
		t.Fatalf("decode %T: %v", v, err)
	}
	if !reflect.DeepEqual(&back, v) {
		t.Errorf("decode %T = %+v, want %+v", v, back, *v)
	}
	codectest.RoundTrip[T, P](t, v)
}

func TestGoldenStructures(t *testing.T) {
	checkGolden(t, &blobstore.ContainerObject{ContainerID: "photos", ObjectID: "cat.jpg"},
		`7f 82 66 "photos" 67 "cat.jpg"`)
	checkGolden(t, &blobstore.ContainerMetadata{ContainerID: "photos", CreatedAt: &blobstore.Timestamp{Sec: 1700000000, Nsec: 5}},
		`7f 82 66 "photos" 1a 65 53 f1 00 05 # createdAt: two items in one slot`)
	checkGolden(t, &blobstore.ContainerMetadata{ContainerID: "photos"}, `7f 82 66 "photos" f6`)
	checkGolden(t, &blobstore.ContainerMetadata{ContainerID: "old", CreatedAt: &blobstore.Timestamp{Sec: -1, Nsec: 999999999}},
		`7f 82 63 "old" 20 1a 3b 9a c9 ff`)
	checkGolden(t, &blobstore.ObjectMetadata{ObjectID: "a", ContainerID: "c", ContentLength: 300, ContentType: ptr("text/plain")},
		`7f 86 61 "a" 61 "c" 19 01 2c f6 6a "text/plain" f6`)
	checkGolden(t, &blobstore.ObjectMetadata{ObjectID: "a", ContainerID: "c", ContentLength: 1,
		LastModified: &blobstore.Timestamp{Sec: 2, Nsec: 3}, ContentEncoding: ptr("gzip")},
		`7f 86 61 "a" 61 "c" 01 02 03 f6 64 "gzip"`)
	checkGolden(t, &blobstore.ListObjectsRequest{ContainerID: "c", StartWith: ptr("b"), MaxItems: ptr(uint32(10))},
		`7f 86 61 "c" 61 "b" f6 f6 f6 0a`)
	checkGolden(t, &blobstore.ListObjectsRequest{ContainerID: "c", Continuation: ptr("k"), EndWith: ptr("x"), EndBefore: ptr("y")},
		`7f 86 61 "c" f6 61 "k" 61 "x" 61 "y" f6`)
	checkGolden(t, &blobstore.ListObjectsResponse{Objects: []blobstore.ObjectMetadata{{ObjectID: "a", ContainerID: "c", ContentLength: 1}}, IsLast: true},
		`7f 83 81 86 61 "a" 61 "c" 01 f6 f6 f6 f5 f6`)
	checkGolden(t, &blobstore.ListObjectsResponse{Continuation: ptr("a")}, `7f 83 80 f4 61 "a"`)
	checkGolden(t, &blobstore.RemoveObjectsRequest{ContainerID: "c", Objects: []string{"x", "y"}},
		`7f 82 61 "c" 82 61 "x" 61 "y"`)
	checkGolden(t, &blobstore.Chunk{ObjectID: "o", ContainerID: "c", Bytes: []byte("hi"), Offset: 1000},
		`7f 85 61 "o" 61 "c" 42 "hi" 19 03 e8 f4`)
	checkGolden(t, &blobstore.PutObjectRequest{Chunk: blobstore.Chunk{ObjectID: "o", ContainerID: "c", Bytes: []byte("hi"), IsLast: true}, ContentType: ptr("text/plain")},
		`7f 83 85 61 "o" 61 "c" 42 "hi" 00 f5 6a "text/plain" f6`)
	checkGolden(t, &blobstore.PutObjectResponse{StreamID: ptr("s1")}, `7f 81 62 "s1"`)
	checkGolden(t, &blobstore.PutObjectResponse{}, `7f 81 f6`)
	checkGolden(t, &blobstore.PutChunkRequest{Chunk: blobstore.Chunk{ObjectID: "o", ContainerID: "c", Bytes: []byte("!"), Offset: 2, IsLast: true}, StreamID: ptr("s1")},
		`7f 83 85 61 "o" 61 "c" 41 "!" 02 f5 62 "s1" f4`)
	checkGolden(t, &blobstore.GetObjectRequest{ObjectID: "o", ContainerID: "c", RangeStart: ptr(uint64(0))},
		`7f 84 61 "o" 61 "c" 00 f6`)
	checkGolden(t, &blobstore.GetObjectResponse{Success: true, ContentLength: 2,
		InitialChunk: &blobstore.Chunk{ObjectID: "o", ContainerID: "c", Bytes: []byte("hi"), IsLast: true}},
		`7f 86 f5 f6 85 61 "o" 61 "c" 42 "hi" 00 f5 02 f6 f6`)
	checkGolden(t, &blobstore.GetObjectResponse{Error: ptr("no")}, `7f 86 f4 62 "no" f6 00 f6 f6`)
	checkGolden(t, &blobstore.ChunkResponse{CancelDownload: true}, `7f 81 f5`)
}

func TestGoldenBareValues(t *testing.T) {
	tests := []struct {
		got  []byte
		want string
	}{
		{blobstore.EncodeContainerID("photos"), `7f 66 "photos"`},
		{blobstore.EncodeBool(true), `7f f5`},
		{blobstore.EncodeContainerIDs([]string{"a", "b"}), `7f 82 61 "a" 61 "b"`},
		{blobstore.EncodeContainerIDs(nil), `7f 80`},
		{blobstore.EncodeItemResults([]blobstore.ItemResult{{Key: "x", Error: ptr("not found")}}), `7f 81 83 61 "x" f4 69 "not found"`},
		{blobstore.EncodeContainersInfo([]blobstore.ContainerMetadata{{ContainerID: "a"}, {ContainerID: "b", CreatedAt: &blobstore.Timestamp{Sec: 1}}}),
			`7f 82 82 61 "a" f6 82 61 "b" 01 00`},
	}
	for _, tc := range tests {
		if want := codectest.Hex(t, tc.want); !bytes.Equal(tc.got, want) {
			t.Errorf("got %x, want %x", tc.got, want)
		}
	}
	if id, err := blobstore.DecodeContainerID(codectest.Hex(t, `7f 66 "photos"`)); err != nil || id != "photos" {
		t.Errorf("DecodeContainerID = %q, %v", id, err)
	}
	if ids, err := blobstore.DecodeContainerIDs(codectest.Hex(t, `7f 9f 61 "a" 61 "b" ff`)); err != nil || !reflect.DeepEqual(ids, []string{"a", "b"}) {
		t.Errorf("DecodeContainerIDs(indefinite) = %q, %v", ids, err)
	}
	list, err := blobstore.DecodeContainersInfo(codectest.Hex(t, `7f 82 82 61 "a" f6 82 61 "b" 01 00`))
	if err != nil || len(list) != 2 || list[1].CreatedAt == nil || list[1].CreatedAt.Sec != 1 {
		t.Errorf("DecodeContainersInfo = %+v, %v", list, err)
	}
	items, err := blobstore.DecodeItemResults(codectest.Hex(t, `7f 81 83 61 "x" f4 69 "not found"`))
	if err != nil || len(items) != 1 || items[0].Key != "x" || *items[0].Error != "not found" {
		t.Errorf("DecodeItemResults = %+v, %v", items, err)
	}
}

// TestDecodeAlternativeForms decodes the other encodings peers send: CBOR
// maps keyed by member name, indefinite-length arrays, extra array items,
// and msgpack maps.
func TestDecodeAlternativeForms(t *testing.T) {
	obj := blobstore.ContainerObject{ContainerID: "c", ObjectID: "o"}
	meta := blobstore.ContainerMetadata{ContainerID: "c", CreatedAt: &blobstore.Timestamp{Sec: 1, Nsec: 2}}
	tests := []struct {
		name string
		in   string
		v    codec.Message
		want any
	}{
		{"cbor map", `7f a2 68 "objectId" 61 "o" 6b "containerId" 61 "c"`, new(blobstore.ContainerObject), &obj},
		{"cbor map, unknown key", `7f a3 61 "x" 80 6b "containerId" 61 "c" 68 "objectId" 61 "o"`, new(blobstore.ContainerObject), &obj},
		{"cbor indefinite array", `7f 9f 61 "c" 61 "o" ff`, new(blobstore.ContainerObject), &obj},
		{"cbor array, extra items", `7f 83 61 "c" 61 "o" a0`, new(blobstore.ContainerObject), &obj},
		{"cbor indefinite text", `7f 82 7f 61 "c" ff 61 "o"`, new(blobstore.ContainerObject), &obj},
		{"msgpack map", `82 ab "containerId" a1 "c" a8 "objectId" a1 "o"`, new(blobstore.ContainerObject), &obj},
		{"msgpack with c1 prefix", `c1 82 ab "containerId" a1 "c" a8 "objectId" a1 "o"`, new(blobstore.ContainerObject), &obj},
		{"cbor map, timestamp two items", `7f a2 6b "containerId" 61 "c" 69 "createdAt" 01 02`, new(blobstore.ContainerMetadata), &meta},
		{"cbor map, timestamp map", `7f a2 6b "containerId" 61 "c" 69 "createdAt" a2 63 "sec" 01 64 "nsec" 02`, new(blobstore.ContainerMetadata), &meta},
		{"cbor array, timestamp array", `7f 82 61 "c" 82 01 02`, new(blobstore.ContainerMetadata), &meta},
		{"msgpack timestamp map", `82 ab "containerId" a1 "c" a9 "createdAt" 82 a3 "sec" 01 a4 "nsec" 02`, new(blobstore.ContainerMetadata), &meta},
		{"msgpack nil timestamp", `82 ab "containerId" a1 "c" a9 "createdAt" c0`, new(blobstore.ContainerMetadata), &blobstore.ContainerMetadata{ContainerID: "c"}},
		{"cbor undefined optional", `7f 82 61 "c" f7`, new(blobstore.ContainerMetadata), &blobstore.ContainerMetadata{ContainerID: "c"}},
		{"msgpack put object", `83 a5 "chunk" 85 a8 "objectId" a1 "o" ab "containerId" a1 "c" a5 "bytes" c4 02 "hi" a6 "offset" 00 a6 "isLast" c3
			ab "contentType" c0 af "contentEncoding" a4 "gzip"`, new(blobstore.PutObjectRequest),
			&blobstore.PutObjectRequest{Chunk: blobstore.Chunk{ObjectID: "o", ContainerID: "c", Bytes: []byte("hi"), IsLast: true}, ContentEncoding: ptr("gzip")}},
		{"msgpack list objects response", `82 a7 "objects" 91 82 a8 "objectId" a1 "a" ad "contentLength" cd 01 00 a6 "isLast" c3`,
			new(blobstore.ListObjectsResponse), &blobstore.ListObjectsResponse{Objects: []blobstore.ObjectMetadata{{ObjectID: "a", ContentLength: 256}}, IsLast: true}},
		{"msgpack list objects request", `82 ab "containerId" a1 "c" a8 "maxItems" 05`, new(blobstore.ListObjectsRequest),
			&blobstore.ListObjectsRequest{ContainerID: "c", MaxItems: ptr(uint32(5))}},
		{"msgpack remove objects", `82 ab "containerId" a1 "c" a7 "objects" 92 a1 "x" a1 "y"`, new(blobstore.RemoveObjectsRequest),
			&blobstore.RemoveObjectsRequest{ContainerID: "c", Objects: []string{"x", "y"}}},
		{"msgpack chunk response", `81 ae "cancelDownload" c3`, new(blobstore.ChunkResponse), &blobstore.ChunkResponse{CancelDownload: true}},
		{"msgpack get object request", `84 a8 "objectId" a1 "o" ab "containerId" a1 "c" aa "rangeStart" 01 a8 "rangeEnd" c0`,
			new(blobstore.GetObjectRequest), &blobstore.GetObjectRequest{ObjectID: "o", ContainerID: "c", RangeStart: ptr(uint64(1))}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.v.UnmarshalMsg(codectest.Hex(t, tc.in)); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tc.v, tc.want) {
				t.Errorf("got %+v, want %+v", tc.v, tc.want)
			}
		})
	}
	if v, err := blobstore.DecodeBool([]byte{0xc3}); err != nil || !v {
		t.Errorf("DecodeBool(msgpack true) = %v, %v", v, err)
	}
	if id, err := blobstore.DecodeContainerID(codectest.Hex(t, `a1 "c"`)); err != nil || id != "c" {
		t.Errorf("DecodeContainerID(msgpack) = %q, %v", id, err)
	}
	if ids, err := blobstore.DecodeContainerIDs(codectest.Hex(t, `92 a1 "a" a1 "b"`)); err != nil || len(ids) != 2 {
		t.Errorf("DecodeContainerIDs(msgpack) = %q, %v", ids, err)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, in string
		err      error
	}{
		{"empty", ``, blobstore.ErrEmptyPayload},
		{"reserved first byte", `01 02`, blobstore.ErrPayloadFormat},
		{"msgpack nil lead", `c0 00`, blobstore.ErrPayloadFormat},
		{"trailing bytes", `7f 82 61 "c" 61 "o" 00`, cbor.ErrTrailingBytes},
		{"truncated", `7f 82 61 "c" 62 "o"`, cbor.ErrTruncated},
		{"header only", `7f`, nil}, // a 1-byte payload is msgpack: positive fixint 127
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var v blobstore.ContainerObject
			err := v.UnmarshalMsg(codectest.Hex(t, tc.in))
			if tc.err == nil {
				if err == nil {
					t.Fatal("decoded without error")
				}
				return
			}
			if !errors.Is(err, tc.err) {
				t.Errorf("err = %v, want %v", err, tc.err)
			}
		})
	}
	var v blobstore.ListObjectsRequest
	err := v.UnmarshalMsg(codectest.Hex(t, `7f 86 61 "c" f6 f6 f6 f6 1a 00 00 00 01`))
	if err != nil || *v.MaxItems != 1 {
		t.Errorf("maxItems = %v, %v", v.MaxItems, err)
	}
	err = v.UnmarshalMsg(codectest.Hex(t, `7f 86 61 "c" f6 f6 f6 f6 1b 00 00 00 01 00 00 00 00`))
	var re *cbor.RangeError
	if !errors.As(err, &re) {
		t.Errorf("maxItems 2^32: err = %v, want RangeError", err)
	}
	var c blobstore.ContainerObject
	err = c.UnmarshalMsg(codectest.Hex(t, `7f 82 01 61 "o"`))
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte(`"containerId"`)) {
		t.Errorf("error does not name the member: %v", err)
	}
}
