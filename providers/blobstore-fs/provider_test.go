package blobstorefs

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/trellis-lattice/trellis/contract/blobstore"
	"github.com/trellis-lattice/trellis/ctl"
)

const (
	actorPK  = "MAQKGBIHR3XFBE42RLL3J6ETFDQCTJ7CK7WEWTGJXUCMJV5YPQNDSGJM"
	actor2PK = "MAK6EPLJKSPHHDWKPRCNZ6JQLHMF3QMU3NXWUSZHJZ4ZFDKBGO6S6ENN"
)

func ptr[T any](v T) *T { return &v }

func link(actor string, values map[string]string) ctl.LinkDefinition {
	return ctl.LinkDefinition{ActorID: actor, ProviderID: "VPROVIDER", LinkName: "default", ContractID: blobstore.ContractID, Values: values}
}

// linked returns a provider with actorPK linked to a fresh ROOT, and the ROOT.
func linked(t *testing.T, values map[string]string) (*Provider, string) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "root")
	all := map[string]string{"root": root}
	for k, v := range values {
		all[k] = v
	}
	p := New(nil)
	if err := p.PutLink(t.Context(), link(actorPK, all)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return p, root
}

func call(t *testing.T, p *Provider, op string, payload []byte) []byte {
	t.Helper()
	out, err := p.Handle(t.Context(), actorPK, ctl.LinkDefinition{}, op, payload)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	return out
}

func callErr(t *testing.T, p *Provider, op string, payload []byte, want ...string) {
	t.Helper()
	_, err := p.Handle(t.Context(), actorPK, ctl.LinkDefinition{}, op, payload)
	if err == nil {
		t.Fatalf("%s succeeded, want error containing %q", op, want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s error %q does not contain %q", op, err, w)
		}
	}
}

func boolOut(t *testing.T, b []byte) bool {
	t.Helper()
	v, err := blobstore.DecodeBool(b)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func put(t *testing.T, p *Provider, container, object, data string, contentType *string) {
	t.Helper()
	q := blobstore.PutObjectRequest{Chunk: blobstore.Chunk{ContainerID: container, ObjectID: object, Bytes: []byte(data), IsLast: true}, ContentType: contentType}
	var r blobstore.PutObjectResponse
	if err := r.UnmarshalMsg(call(t, p, blobstore.OpPutObject, q.AppendMsg(nil))); err != nil || r.StreamID != nil {
		t.Fatalf("PutObject response %+v, %v", r, err)
	}
}

func TestLinkValues(t *testing.T) {
	t.Parallel()
	p := New(nil)
	dir := t.TempDir()
	for _, tc := range []struct {
		values map[string]string
		want   string
	}{
		{nil, "missing ROOT"},
		{map[string]string{"ROOT": "relative/dir"}, "not an absolute path"},
		{map[string]string{"ROOT": dir, "CHUNK_SIZE": "0"}, "CHUNK_SIZE"},
		{map[string]string{"ROOT": dir, "chunk_size": "x"}, "CHUNK_SIZE"},
		{map[string]string{"ROOT": filepath.Join(dir, "file", "sub")}, "create ROOT"},
	} {
		if tc.values != nil && strings.Contains(tc.values["ROOT"], "file") {
			if err := os.WriteFile(filepath.Join(dir, "file"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		err := p.PutLink(t.Context(), link(actorPK, tc.values))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), actorPK) {
			t.Errorf("PutLink(%v) = %v, want error with %q and the actor", tc.values, err, tc.want)
		}
	}
	root := filepath.Join(dir, "new", "root")
	if err := p.PutLink(t.Context(), link(actorPK, map[string]string{"Root": root, "CHUNK_SIZE": "1024"})); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
		t.Errorf("ROOT not created: %v", err)
	}
	if err := p.Health(t.Context()); err != nil {
		t.Errorf("Health: %v", err)
	}
	if _, err := p.Handle(t.Context(), actor2PK, ctl.LinkDefinition{}, blobstore.OpListContainers, nil); err == nil || !strings.Contains(err.Error(), actor2PK) {
		t.Errorf("unlinked actor: %v", err)
	}
	if err := p.DeleteLink(t.Context(), link(actorPK, nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Handle(t.Context(), actorPK, ctl.LinkDefinition{}, blobstore.OpListContainers, nil); err == nil {
		t.Error("deleted link still served")
	}
}

func TestHealthReportsUnwritableRoot(t *testing.T) {
	t.Parallel()
	p, root := linked(t, nil)
	if err := os.RemoveAll(root); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(root, nil, 0o644); err != nil { // ROOT is now a file
		t.Fatal(err)
	}
	if err := p.Health(t.Context()); err == nil || !strings.Contains(err.Error(), actorPK) {
		t.Errorf("Health = %v, want an error naming the actor", err)
	}
}

func TestContainers(t *testing.T) {
	t.Parallel()
	p, root := linked(t, nil)
	if boolOut(t, call(t, p, blobstore.OpContainerExists, blobstore.EncodeContainerID("photos"))) {
		t.Error("photos exists before creation")
	}
	for range 2 { // idempotent
		if out := call(t, p, blobstore.OpCreateContainer, blobstore.EncodeContainerID("photos")); len(out) != 0 {
			t.Errorf("CreateContainer returned %x", out)
		}
	}
	call(t, p, blobstore.OpCreateContainer, blobstore.EncodeContainerID("docs"))
	if !boolOut(t, call(t, p, blobstore.OpContainerExists, blobstore.EncodeContainerID("photos"))) {
		t.Error("photos does not exist after creation")
	}
	var m blobstore.ContainerMetadata
	if err := m.UnmarshalMsg(call(t, p, blobstore.OpGetContainerInfo, blobstore.EncodeContainerID("photos"))); err != nil {
		t.Fatal(err)
	}
	if m.ContainerID != "photos" || m.CreatedAt == nil || m.CreatedAt.Sec == 0 {
		t.Errorf("GetContainerInfo = %+v", m)
	}
	callErr(t, p, blobstore.OpGetContainerInfo, blobstore.EncodeContainerID("nope"), "Blobstore.GetContainerInfo", actorPK, `"nope"`, "does not exist")

	list, err := blobstore.DecodeContainersInfo(call(t, p, blobstore.OpListContainers, nil))
	if err != nil || len(list) != 2 || list[0].ContainerID != "docs" || list[1].ContainerID != "photos" {
		t.Errorf("ListContainers = %+v, %v", list, err)
	}

	put(t, p, "docs", "a/b.txt", "x", nil)
	failed, err := blobstore.DecodeItemResults(call(t, p, blobstore.OpRemoveContainers, blobstore.EncodeContainerIDs([]string{"docs", "nope", "../x"})))
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 2 || failed[0].Key != "nope" || failed[1].Key != "../x" || failed[0].Success || failed[1].Error == nil {
		t.Errorf("RemoveContainers failures = %+v", failed)
	}
	if _, err := os.Stat(filepath.Join(root, "docs")); !os.IsNotExist(err) {
		t.Errorf("docs still there: %v", err)
	}
}

func TestBadNames(t *testing.T) {
	t.Parallel()
	p, root := linked(t, nil)
	call(t, p, blobstore.OpCreateContainer, blobstore.EncodeContainerID("c"))
	for _, name := range []string{"", ".", "..", "../etc", "a/b", ".hidden", "x\x00y", `a\b`} {
		callErr(t, p, blobstore.OpCreateContainer, blobstore.EncodeContainerID(name), "Blobstore.CreateContainer", actorPK, "invalid container name")
	}
	for _, name := range []string{"", "/etc/passwd", "../x", "a/../../x", "a//b", "a/./b", ".meta", "a/.b", "x\x00", "a/", strings.Repeat("n", 201)} {
		q := blobstore.ContainerObject{ContainerID: "c", ObjectID: name}
		callErr(t, p, blobstore.OpGetObjectInfo, q.AppendMsg(nil), "Blobstore.GetObjectInfo", actorPK, `container "c"`, "invalid object name")
		pq := blobstore.PutObjectRequest{Chunk: blobstore.Chunk{ContainerID: "c", ObjectID: name, Bytes: []byte("x"), IsLast: true}}
		callErr(t, p, blobstore.OpPutObject, pq.AppendMsg(nil), "Blobstore.PutObject", "invalid object name")
	}
	entries, _ := os.ReadDir(filepath.Join(root, "c"))
	for _, e := range entries {
		if e.Name() != containerMarker {
			t.Errorf("bad name left a file: %s", e.Name())
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(root)); len(entries) != 1 {
		t.Errorf("files outside ROOT: %v", entries)
	}
	callErr(t, p, blobstore.OpContainerExists, []byte{0x01, 0x02}, "Blobstore.ContainerExists", "decode")
	callErr(t, p, "Blobstore.Nope", nil, "no such operation")
}

func TestObjects(t *testing.T) {
	t.Parallel()
	p, root := linked(t, nil)
	q := blobstore.PutObjectRequest{Chunk: blobstore.Chunk{ContainerID: "c", ObjectID: "o", Bytes: []byte("x"), IsLast: true}}
	callErr(t, p, blobstore.OpPutObject, q.AppendMsg(nil), `container "c"`, "does not exist")
	call(t, p, blobstore.OpCreateContainer, blobstore.EncodeContainerID("c"))
	put(t, p, "c", "hello.txt", "hello world", ptr("text/plain"))
	put(t, p, "c", "dir/sub/x.bin", "xyz", nil)

	obj := func(name string) []byte {
		return (&blobstore.ContainerObject{ContainerID: "c", ObjectID: name}).AppendMsg(nil)
	}
	if !boolOut(t, call(t, p, blobstore.OpObjectExists, obj("hello.txt"))) || boolOut(t, call(t, p, blobstore.OpObjectExists, obj("nope"))) {
		t.Error("ObjectExists wrong")
	}
	if boolOut(t, call(t, p, blobstore.OpObjectExists, obj("dir"))) || boolOut(t, call(t, p, blobstore.OpObjectExists, obj("hello.txt/x"))) {
		t.Error("a directory or a path under a file counts as an object")
	}
	var m blobstore.ObjectMetadata
	if err := m.UnmarshalMsg(call(t, p, blobstore.OpGetObjectInfo, obj("hello.txt"))); err != nil {
		t.Fatal(err)
	}
	if m.ObjectID != "hello.txt" || m.ContainerID != "c" || m.ContentLength != 11 || m.LastModified == nil ||
		m.ContentType == nil || *m.ContentType != "text/plain" || m.ContentEncoding != nil {
		t.Errorf("GetObjectInfo = %+v", m)
	}
	callErr(t, p, blobstore.OpGetObjectInfo, obj("nope"), "Blobstore.GetObjectInfo", `object "nope"`, "does not exist")

	// Overwriting without a content type drops the old one.
	put(t, p, "c", "hello.txt", "bye", nil)
	if err := m.UnmarshalMsg(call(t, p, blobstore.OpGetObjectInfo, obj("hello.txt"))); err != nil || m.ContentType != nil || m.ContentLength != 3 {
		t.Errorf("after overwrite: %+v, %v", m, err)
	}
	if b, err := os.ReadFile(filepath.Join(root, "c", "dir", "sub", "x.bin")); err != nil || string(b) != "xyz" {
		t.Errorf("file content %q, %v", b, err)
	}

	rq := blobstore.RemoveObjectsRequest{ContainerID: "c", Objects: []string{"dir/sub/x.bin", "nope", "../../x"}}
	failed, err := blobstore.DecodeItemResults(call(t, p, blobstore.OpRemoveObjects, rq.AppendMsg(nil)))
	if err != nil || len(failed) != 2 || failed[0].Key != "nope" || failed[1].Key != "../../x" {
		t.Errorf("RemoveObjects failures = %+v, %v", failed, err)
	}
	if _, err := os.Stat(filepath.Join(root, "c", "dir")); !os.IsNotExist(err) {
		t.Errorf("empty directories left behind: %v", err)
	}
}

func TestListObjects(t *testing.T) {
	t.Parallel()
	p, _ := linked(t, nil)
	call(t, p, blobstore.OpCreateContainer, blobstore.EncodeContainerID("c"))
	for _, n := range []string{"e", "b/x", "a", "d", "c", "b.txt"} {
		put(t, p, "c", n, n, nil)
	}
	names := []string{"a", "b.txt", "b/x", "c", "d", "e"} // byte order: '.' < '/'

	list := func(q blobstore.ListObjectsRequest) (got []string, resp blobstore.ListObjectsResponse) {
		q.ContainerID = "c"
		if err := resp.UnmarshalMsg(call(t, p, blobstore.OpListObjects, q.AppendMsg(nil))); err != nil {
			t.Fatal(err)
		}
		for _, o := range resp.Objects {
			got = append(got, o.ObjectID)
		}
		return got, resp
	}
	if got, r := list(blobstore.ListObjectsRequest{}); !reflect.DeepEqual(got, names) || !r.IsLast || r.Continuation != nil {
		t.Errorf("all = %v, %+v", got, r)
	}
	if got, _ := list(blobstore.ListObjectsRequest{StartWith: ptr("b/x"), EndBefore: ptr("e")}); !reflect.DeepEqual(got, []string{"b/x", "c", "d"}) {
		t.Errorf("startWith/endBefore = %v", got)
	}
	if got, _ := list(blobstore.ListObjectsRequest{StartWith: ptr("b"), EndWith: ptr("c")}); !reflect.DeepEqual(got, []string{"b.txt", "b/x", "c"}) {
		t.Errorf("startWith/endWith = %v", got)
	}
	var all []string
	q := blobstore.ListObjectsRequest{MaxItems: ptr(uint32(4))}
	for pages := 0; ; pages++ {
		got, r := list(q)
		all = append(all, got...)
		if r.IsLast {
			if pages != 1 {
				t.Errorf("%d pages, want 2", pages+1)
			}
			break
		}
		q.Continuation = r.Continuation
	}
	if !reflect.DeepEqual(all, names) {
		t.Errorf("paged = %v", all)
	}
	if got, r := list(blobstore.ListObjectsRequest{StartWith: ptr("z")}); got != nil || !r.IsLast {
		t.Errorf("past the end = %v, %+v", got, r)
	}
}

func TestPage(t *testing.T) {
	names := []string{"a", "b", "c", "d"}
	tests := []struct {
		q    blobstore.ListObjectsRequest
		want []string
		next *string
	}{
		{blobstore.ListObjectsRequest{}, names, nil},
		{blobstore.ListObjectsRequest{MaxItems: ptr(uint32(2))}, []string{"a", "b"}, ptr("b")},
		{blobstore.ListObjectsRequest{MaxItems: ptr(uint32(2)), Continuation: ptr("b")}, []string{"c", "d"}, nil},
		{blobstore.ListObjectsRequest{Continuation: ptr("bb")}, []string{"c", "d"}, nil},
		{blobstore.ListObjectsRequest{StartWith: ptr("b"), EndWith: ptr("c")}, []string{"b", "c"}, nil},
		{blobstore.ListObjectsRequest{StartWith: ptr("b"), EndBefore: ptr("c")}, []string{"b"}, nil},
		{blobstore.ListObjectsRequest{StartWith: ptr("c"), EndBefore: ptr("b")}, nil, nil},
		{blobstore.ListObjectsRequest{MaxItems: ptr(uint32(4))}, names, nil},
		{blobstore.ListObjectsRequest{MaxItems: ptr(uint32(0))}, names, nil},
	}
	for i, tc := range tests {
		got, next := page(names, &tc.q)
		if !reflect.DeepEqual(got, tc.want) || !reflect.DeepEqual(next, tc.next) {
			t.Errorf("%d: page = %v, %v; want %v, %v", i, got, next, tc.want, tc.next)
		}
	}
}

func TestChunkedPut(t *testing.T) {
	t.Parallel()
	p, root := linked(t, nil)
	call(t, p, blobstore.OpCreateContainer, blobstore.EncodeContainerID("c"))
	target := filepath.Join(root, "c", "big")

	first := blobstore.PutObjectRequest{Chunk: blobstore.Chunk{ContainerID: "c", ObjectID: "big", Bytes: []byte("0123")}, ContentEncoding: ptr("identity")}
	var r blobstore.PutObjectResponse
	if err := r.UnmarshalMsg(call(t, p, blobstore.OpPutObject, first.AppendMsg(nil))); err != nil || r.StreamID == nil {
		t.Fatalf("PutObject = %+v, %v", r, err)
	}
	chunk := func(data string, offset uint64, last bool) []byte {
		return (&blobstore.PutChunkRequest{StreamID: r.StreamID, Chunk: blobstore.Chunk{ContainerID: "c", ObjectID: "big",
			Bytes: []byte(data), Offset: offset, IsLast: last}}).AppendMsg(nil)
	}
	if out := call(t, p, blobstore.OpPutChunk, chunk("4567", 4, false)); len(out) != 0 {
		t.Errorf("PutChunk returned %x", out)
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Fatalf("object visible before the last chunk: %v", err)
	}
	obj := (&blobstore.ContainerObject{ContainerID: "c", ObjectID: "big"}).AppendMsg(nil)
	if boolOut(t, call(t, p, blobstore.OpObjectExists, obj)) {
		t.Error("ObjectExists true before the last chunk")
	}
	callErr(t, p, blobstore.OpPutChunk, chunk("xx", 3, false), "Blobstore.PutChunk", `object "big"`, "offset 3", "8 bytes")
	wrong := blobstore.PutChunkRequest{StreamID: r.StreamID, Chunk: blobstore.Chunk{ContainerID: "c", ObjectID: "other", Offset: 8}}
	callErr(t, p, blobstore.OpPutChunk, wrong.AppendMsg(nil), "is for object")
	call(t, p, blobstore.OpPutChunk, chunk("89", 8, true))
	if b, err := os.ReadFile(target); err != nil || string(b) != "0123456789" {
		t.Errorf("object = %q, %v", b, err)
	}
	var m blobstore.ObjectMetadata
	if err := m.UnmarshalMsg(call(t, p, blobstore.OpGetObjectInfo, obj)); err != nil || m.ContentEncoding == nil || *m.ContentEncoding != "identity" {
		t.Errorf("metadata %+v, %v", m, err)
	}
	callErr(t, p, blobstore.OpPutChunk, chunk("more", 10, true), "no upload with streamId")
	callErr(t, p, blobstore.OpPutChunk, (&blobstore.PutChunkRequest{}).AppendMsg(nil), "no streamId")

	// cancelAndRemove discards an upload and leaves the old object.
	if err := r.UnmarshalMsg(call(t, p, blobstore.OpPutObject, first.AppendMsg(nil))); err != nil || r.StreamID == nil {
		t.Fatal(err)
	}
	cancel := blobstore.PutChunkRequest{StreamID: r.StreamID, CancelAndRemove: true, Chunk: blobstore.Chunk{ContainerID: "c", ObjectID: "big"}}
	call(t, p, blobstore.OpPutChunk, cancel.AppendMsg(nil))
	if b, _ := os.ReadFile(target); string(b) != "0123456789" {
		t.Errorf("cancelled upload changed the object: %q", b)
	}
	// An unfinished upload is discarded by DeleteLink.
	if err := r.UnmarshalMsg(call(t, p, blobstore.OpPutObject, first.AppendMsg(nil))); err != nil {
		t.Fatal(err)
	}
	if err := p.DeleteLink(t.Context(), link(actorPK, nil)); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(root, "c"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), uploadPrefix) {
			t.Errorf("upload file left: %s", e.Name())
		}
	}
	badOffset := blobstore.PutObjectRequest{Chunk: blobstore.Chunk{ContainerID: "c", ObjectID: "x", Offset: 5}}
	p2, _ := linked(t, nil)
	call(t, p2, blobstore.OpCreateContainer, blobstore.EncodeContainerID("c"))
	callErr(t, p2, blobstore.OpPutObject, badOffset.AppendMsg(nil), "offset 5")
}

func TestGetObjectSingleChunk(t *testing.T) {
	t.Parallel()
	p, _ := linked(t, map[string]string{"CHUNK_SIZE": "4"})
	call(t, p, blobstore.OpCreateContainer, blobstore.EncodeContainerID("c"))
	put(t, p, "c", "o", "0123456789", ptr("a/b"))
	get := func(start, end *uint64) blobstore.GetObjectResponse {
		var r blobstore.GetObjectResponse
		q := blobstore.GetObjectRequest{ContainerID: "c", ObjectID: "o", RangeStart: start, RangeEnd: end}
		if err := r.UnmarshalMsg(call(t, p, blobstore.OpGetObject, q.AppendMsg(nil))); err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := get(ptr(uint64(2)), ptr(uint64(4)))
	if !r.Success || r.ContentLength != 3 || r.InitialChunk == nil || string(r.InitialChunk.Bytes) != "234" ||
		r.InitialChunk.Offset != 2 || !r.InitialChunk.IsLast || r.ContentType == nil || *r.ContentType != "a/b" {
		t.Errorf("range 2-4 = %+v", r)
	}
	if r := get(ptr(uint64(8)), ptr(uint64(100))); string(r.InitialChunk.Bytes) != "89" || r.ContentLength != 2 || !r.InitialChunk.IsLast {
		t.Errorf("range 8-100 = %+v", r)
	}
	if r := get(ptr(uint64(20)), nil); !r.Success || r.ContentLength != 0 || len(r.InitialChunk.Bytes) != 0 || !r.InitialChunk.IsLast {
		t.Errorf("range past the end = %+v", r)
	}
	var miss blobstore.GetObjectResponse
	q := blobstore.GetObjectRequest{ContainerID: "c", ObjectID: "nope"}
	if err := miss.UnmarshalMsg(call(t, p, blobstore.OpGetObject, q.AppendMsg(nil))); err != nil {
		t.Fatal(err)
	}
	if miss.Success || miss.Error == nil || !strings.Contains(*miss.Error, `object "nope"`) || !strings.Contains(*miss.Error, "does not exist") {
		t.Errorf("missing object = %+v", miss)
	}
	// Without Init the provider cannot stream: the first chunk still arrives, the rest is logged.
	if r := get(nil, nil); string(r.InitialChunk.Bytes) != "0123" || r.InitialChunk.IsLast || r.ContentLength != 10 {
		t.Errorf("first chunk = %+v", r)
	}
}

func TestMsgpackRequest(t *testing.T) {
	t.Parallel()
	p, _ := linked(t, nil)
	// msgpack str "c" as a bare ContainerId.
	call(t, p, blobstore.OpCreateContainer, []byte{0xa1, 'c'})
	if !boolOut(t, call(t, p, blobstore.OpContainerExists, []byte{0xa1, 'c'})) {
		t.Error("msgpack container id not understood")
	}
	if out := call(t, p, blobstore.OpListContainers, nil); !bytes.HasPrefix(out, []byte{0x7f}) {
		t.Errorf("reply not CBOR: %x", out)
	}
}

// TestHammer runs uploads, chunked uploads, reads, listings and removals of the same objects
// from many goroutines: under -race, and no reader ever sees a partly written object.
func TestHammer(t *testing.T) {
	t.Parallel()
	p, _ := linked(t, nil)
	call(t, p, blobstore.OpCreateContainer, blobstore.EncodeContainerID("c"))
	whole := strings.Repeat("x", 64)
	hcall := func(op string, payload []byte) []byte { // t.Error, not t.Fatal: runs in goroutines
		out, err := p.Handle(context.Background(), actorPK, ctl.LinkDefinition{}, op, payload)
		if err != nil {
			t.Errorf("%s: %v", op, err)
		}
		return out
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 30 {
				name := fmt.Sprintf("o%d", i%4)
				switch (g + i) % 4 {
				case 0:
					hcall(blobstore.OpPutObject, (&blobstore.PutObjectRequest{Chunk: blobstore.Chunk{ContainerID: "c", ObjectID: name, Bytes: []byte(whole), IsLast: true}}).AppendMsg(nil))
				case 1:
					first := blobstore.PutObjectRequest{Chunk: blobstore.Chunk{ContainerID: "c", ObjectID: name, Bytes: []byte(whole[:32])}}
					var r blobstore.PutObjectResponse
					if err := r.UnmarshalMsg(hcall(blobstore.OpPutObject, first.AppendMsg(nil))); err != nil || r.StreamID == nil {
						t.Errorf("PutObject: %+v, %v", r, err)
						return
					}
					last := blobstore.PutChunkRequest{StreamID: r.StreamID, Chunk: blobstore.Chunk{ContainerID: "c", ObjectID: name, Bytes: []byte(whole[32:]), Offset: 32, IsLast: true}}
					hcall(blobstore.OpPutChunk, last.AppendMsg(nil))
				case 2:
					var r blobstore.GetObjectResponse
					q := blobstore.GetObjectRequest{ContainerID: "c", ObjectID: name}
					if err := r.UnmarshalMsg(hcall(blobstore.OpGetObject, q.AppendMsg(nil))); err != nil {
						t.Error(err)
					} else if r.Success && string(r.InitialChunk.Bytes) != whole {
						t.Errorf("read %d bytes of a partly written object", len(r.InitialChunk.Bytes))
					}
				case 3:
					hcall(blobstore.OpListObjects, (&blobstore.ListObjectsRequest{ContainerID: "c"}).AppendMsg(nil))
					if i%3 == 0 {
						hcall(blobstore.OpRemoveObjects, (&blobstore.RemoveObjectsRequest{ContainerID: "c", Objects: []string{name}}).AppendMsg(nil))
					}
				}
			}
		})
	}
	wg.Wait()
	if err := p.Health(t.Context()); err != nil {
		t.Error(err)
	}
}
