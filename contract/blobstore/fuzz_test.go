package blobstore_test

import (
	"testing"

	"github.com/trellis-lattice/trellis/contract/blobstore"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

func FuzzContainerMetadata(f *testing.F) {
	codectest.Fuzz[blobstore.ContainerMetadata](f,
		(&blobstore.ContainerMetadata{ContainerID: "c", CreatedAt: &blobstore.Timestamp{Sec: 1, Nsec: 2}}).AppendMsg(nil),
		codectest.Hex(f, `82 ab "containerId" a1 "c" a9 "createdAt" 82 a3 "sec" 01 a4 "nsec" 02`))
}

func FuzzListObjectsResponse(f *testing.F) {
	codectest.Fuzz[blobstore.ListObjectsResponse](f,
		(&blobstore.ListObjectsResponse{Objects: []blobstore.ObjectMetadata{{ObjectID: "a", ContainerID: "c",
			LastModified: &blobstore.Timestamp{Sec: 5}, ContentType: ptr("t")}}, Continuation: ptr("x")}).AppendMsg(nil),
		codectest.Hex(f, `82 a7 "objects" 91 82 a8 "objectId" a1 "a" ad "contentLength" cd 01 00 a6 "isLast" c3`))
}

func FuzzListObjectsRequest(f *testing.F) {
	codectest.Fuzz[blobstore.ListObjectsRequest](f,
		(&blobstore.ListObjectsRequest{ContainerID: "c", StartWith: ptr("a"), MaxItems: ptr(uint32(3))}).AppendMsg(nil))
}

func FuzzPutObjectRequest(f *testing.F) {
	codectest.Fuzz[blobstore.PutObjectRequest](f,
		(&blobstore.PutObjectRequest{Chunk: blobstore.Chunk{ObjectID: "o", ContainerID: "c", Bytes: []byte("hi")}, ContentType: ptr("t")}).AppendMsg(nil))
}

func FuzzPutChunkRequest(f *testing.F) {
	codectest.Fuzz[blobstore.PutChunkRequest](f,
		(&blobstore.PutChunkRequest{Chunk: blobstore.Chunk{ObjectID: "o", Bytes: []byte("hi"), Offset: 2}, StreamID: ptr("s")}).AppendMsg(nil))
}

func FuzzGetObjectRequest(f *testing.F) {
	codectest.Fuzz[blobstore.GetObjectRequest](f,
		(&blobstore.GetObjectRequest{ObjectID: "o", ContainerID: "c", RangeStart: ptr(uint64(1)), RangeEnd: ptr(uint64(9))}).AppendMsg(nil))
}

func FuzzGetObjectResponse(f *testing.F) {
	codectest.Fuzz[blobstore.GetObjectResponse](f,
		(&blobstore.GetObjectResponse{Success: true, InitialChunk: &blobstore.Chunk{ObjectID: "o", Bytes: []byte("x")}, ContentLength: 1}).AppendMsg(nil))
}

func FuzzRemoveObjectsRequest(f *testing.F) {
	codectest.Fuzz[blobstore.RemoveObjectsRequest](f,
		(&blobstore.RemoveObjectsRequest{ContainerID: "c", Objects: []string{"a", "b"}}).AppendMsg(nil))
}

func FuzzChunkResponse(f *testing.F) {
	codectest.Fuzz[blobstore.ChunkResponse](f, (&blobstore.ChunkResponse{CancelDownload: true}).AppendMsg(nil))
}

// FuzzBareValues checks that the bare-value decoders never panic and that
// what they decode re-encodes to something that decodes the same.
func FuzzBareValues(f *testing.F) {
	f.Add(blobstore.EncodeContainerIDs([]string{"a"}))
	f.Add(blobstore.EncodeItemResults([]blobstore.ItemResult{{Key: "k", Error: ptr("e")}}))
	f.Add(blobstore.EncodeContainersInfo([]blobstore.ContainerMetadata{{ContainerID: "c", CreatedAt: &blobstore.Timestamp{}}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		if id, err := blobstore.DecodeContainerID(data); err == nil {
			if back, err := blobstore.DecodeContainerID(blobstore.EncodeContainerID(id)); err != nil || back != id {
				t.Fatalf("container id round trip: %q, %v", back, err)
			}
		}
		if ids, err := blobstore.DecodeContainerIDs(data); err == nil {
			if back, err := blobstore.DecodeContainerIDs(blobstore.EncodeContainerIDs(ids)); err != nil || len(back) != len(ids) {
				t.Fatalf("container ids round trip: %q, %v", back, err)
			}
		}
		if list, err := blobstore.DecodeItemResults(data); err == nil {
			if back, err := blobstore.DecodeItemResults(blobstore.EncodeItemResults(list)); err != nil || len(back) != len(list) {
				t.Fatalf("item results round trip: %v, %v", back, err)
			}
		}
		if list, err := blobstore.DecodeContainersInfo(data); err == nil {
			if back, err := blobstore.DecodeContainersInfo(blobstore.EncodeContainersInfo(list)); err != nil || len(back) != len(list) {
				t.Fatalf("containers info round trip: %v, %v", back, err)
			}
		}
		_, _ = blobstore.DecodeBool(data)
	})
}
