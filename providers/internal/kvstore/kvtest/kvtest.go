// Package kvtest is the conformance test of the Trellis wasmcloud:keyvalue providers: it drives
// a provider's Handle through every KeyValue operation and checks each result payload exactly.
package kvtest

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
)

// Handler runs one KeyValue operation, as provider.Provider.Handle for a fixed actor and link.
type Handler func(ctx context.Context, op string, payload []byte) ([]byte, error)

type step struct {
	op      string
	payload []byte
	want    []byte // exact result payload, when wantErr is empty
	wantErr string // substring of the error, if an error is expected
}

func str(s string) []byte { return codec.EncodeString(s) }

func get(value string, exists bool) []byte {
	return (&keyvalue.GetResponse{Value: value, Exists: exists}).AppendMsg(nil)
}

func set(key, value string, expires uint32) []byte {
	return (&keyvalue.SetRequest{Key: key, Value: value, Expires: expires}).AppendMsg(nil)
}

func incr(key string, by int32) []byte {
	return (&keyvalue.IncrementRequest{Key: key, Value: by}).AppendMsg(nil)
}

func listAdd(l, v string) []byte {
	return (&keyvalue.ListAddRequest{ListName: l, Value: v}).AppendMsg(nil)
}
func listDel(l, v string) []byte {
	return (&keyvalue.ListDelRequest{ListName: l, Value: v}).AppendMsg(nil)
}
func setAdd(s, v string) []byte {
	return (&keyvalue.SetAddRequest{SetName: s, Value: v}).AppendMsg(nil)
}
func setDel(s, v string) []byte {
	return (&keyvalue.SetDelRequest{SetName: s, Value: v}).AppendMsg(nil)
}

func listRange(l string, start, stop int32) []byte {
	return (&keyvalue.ListRangeRequest{ListName: l, Start: start, Stop: stop}).AppendMsg(nil)
}

var (
	empty = []byte{}
	yes   = codec.EncodeBool(true)
	no    = codec.EncodeBool(false)
	i32   = codec.EncodeI32
	u32   = codec.EncodeU32
	strs  = func(vs ...string) []byte { return codec.EncodeStrings(vs) }
)

// cleanup deletes keys through h when the test ends.
func cleanup(t *testing.T, h Handler, keys ...string) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		for _, k := range keys {
			if _, err := h(ctx, keyvalue.OpDel, str(k)); err != nil {
				t.Logf("cleanup: delete %q: %v", k, err)
			}
		}
	})
}

// Run checks every KeyValue operation of h, in order, on keys that start with prefix (unique
// to the test), and deletes them at the end.
func Run(t *testing.T, h Handler, prefix string) {
	k, n, s, l := prefix+"key", prefix+"counter::foo:bar", prefix+"str", prefix+"list"
	s1, s2, s3 := prefix+"set1", prefix+"set2", prefix+"set.missing"
	odd := prefix + "odd key/ü.*>="
	cleanup(t, h, k, n, s, l, s1, s2, s3, odd)
	steps := []step{
		{keyvalue.OpGet, str(k), get("", false), ""},
		{keyvalue.OpContains, str(k), no, ""},
		{keyvalue.OpSet, set(k, "v1", 0), empty, ""},
		{keyvalue.OpGet, str(k), get("v1", true), ""},
		{keyvalue.OpContains, str(k), yes, ""},
		{keyvalue.OpSet, set(k, "", 0), empty, ""},
		{keyvalue.OpGet, str(k), get("", true), ""},
		{keyvalue.OpSet, set(k, "v2 ünï", 0), empty, ""},
		{keyvalue.OpGet, str(k), get("v2 ünï", true), ""},
		{keyvalue.OpDel, str(k), yes, ""},
		{keyvalue.OpDel, str(k), no, ""},
		{keyvalue.OpGet, str(k), get("", false), ""},
		{keyvalue.OpContains, str(k), no, ""},
		{keyvalue.OpSet, set(odd, "odd", 0), empty, ""},
		{keyvalue.OpGet, str(odd), get("odd", true), ""},
		{keyvalue.OpDel, str(odd), yes, ""},
		{keyvalue.OpIncrement, incr(n, 5), i32(5), ""},
		{keyvalue.OpIncrement, incr(n, -7), i32(-2), ""},
		{keyvalue.OpGet, str(n), get("-2", true), ""},
		{keyvalue.OpSet, set(n, "40", 0), empty, ""},
		{keyvalue.OpIncrement, incr(n, 2), i32(42), ""},
		{keyvalue.OpSet, set(s, "abc", 0), empty, ""},
		{keyvalue.OpIncrement, incr(s, 1), nil, "integer"},
		{keyvalue.OpGet, str(s), get("abc", true), ""},
		{keyvalue.OpListRange, listRange(l, 0, -1), strs(), ""},
		{keyvalue.OpListAdd, listAdd(l, "a"), u32(1), ""},
		{keyvalue.OpListAdd, listAdd(l, "b"), u32(2), ""},
		{keyvalue.OpListAdd, listAdd(l, "a"), u32(3), ""},
		{keyvalue.OpListAdd, listAdd(l, "c"), u32(4), ""},
		{keyvalue.OpContains, str(l), yes, ""},
		{keyvalue.OpListRange, listRange(l, 0, -1), strs("a", "b", "a", "c"), ""},
		{keyvalue.OpListRange, listRange(l, 1, 2), strs("b", "a"), ""},
		{keyvalue.OpListRange, listRange(l, -2, -1), strs("a", "c"), ""},
		{keyvalue.OpListRange, listRange(l, 0, 0), strs("a"), ""},
		{keyvalue.OpListRange, listRange(l, 2, 100), strs("a", "c"), ""},
		{keyvalue.OpListRange, listRange(l, -100, 1), strs("a", "b"), ""},
		{keyvalue.OpListRange, listRange(l, 5, 10), strs(), ""},
		{keyvalue.OpListRange, listRange(l, 3, 1), strs(), ""},
		{keyvalue.OpListDel, listDel(l, "a"), yes, ""},
		{keyvalue.OpListRange, listRange(l, 0, -1), strs("b", "a", "c"), ""},
		{keyvalue.OpListDel, listDel(l, "zz"), no, ""},
		{keyvalue.OpListClear, str(l), yes, ""},
		{keyvalue.OpListClear, str(l), no, ""},
		{keyvalue.OpListRange, listRange(l, 0, -1), strs(), ""},
		{keyvalue.OpListAdd, listAdd(l, "x"), u32(1), ""},
		{keyvalue.OpListDel, listDel(l, "x"), yes, ""},
		{keyvalue.OpContains, str(l), no, ""},
		{keyvalue.OpSetQuery, str(s1), strs(), ""},
		{keyvalue.OpSetAdd, setAdd(s1, "x"), u32(1), ""},
		{keyvalue.OpSetAdd, setAdd(s1, "x"), u32(0), ""},
		{keyvalue.OpSetAdd, setAdd(s1, "y"), u32(1), ""},
		{keyvalue.OpSetAdd, setAdd(s2, "z"), u32(1), ""},
		{keyvalue.OpSetAdd, setAdd(s2, "y"), u32(1), ""},
		{keyvalue.OpContains, str(s1), yes, ""},
		{keyvalue.OpSetQuery, str(s1), strs("x", "y"), ""},
		{keyvalue.OpSetQuery, str(s2), strs("y", "z"), ""},
		{keyvalue.OpSetUnion, strs(s1, s2), strs("x", "y", "z"), ""},
		{keyvalue.OpSetUnion, strs(s1, s3), strs("x", "y"), ""},
		{keyvalue.OpSetUnion, strs(), strs(), ""},
		{keyvalue.OpSetIntersection, strs(s1, s2), strs("y"), ""},
		{keyvalue.OpSetIntersection, strs(s2), strs("y", "z"), ""},
		{keyvalue.OpSetIntersection, strs(s1, s2, s3), strs(), ""},
		{keyvalue.OpSetDel, setDel(s1, "x"), u32(1), ""},
		{keyvalue.OpSetDel, setDel(s1, "x"), u32(0), ""},
		{keyvalue.OpSetQuery, str(s1), strs("y"), ""},
		{keyvalue.OpSetClear, str(s1), yes, ""},
		{keyvalue.OpSetClear, str(s1), no, ""},
		{keyvalue.OpSetQuery, str(s1), strs(), ""},
		{keyvalue.OpSetDel, setDel(s2, "y"), u32(1), ""},
		{keyvalue.OpSetDel, setDel(s2, "z"), u32(1), ""},
		{keyvalue.OpContains, str(s2), no, ""},
		{"KeyValue.Frobnicate", str(k), nil, `KeyValue.Frobnicate: unknown operation`},
		{keyvalue.OpGet, []byte{0xc3}, nil, "KeyValue.Get: decode str"},
		{keyvalue.OpSet, str(k), nil, "KeyValue.Set: decode SetRequest"},
	}
	for i, st := range steps {
		got, err := h(t.Context(), st.op, st.payload)
		where := fmt.Sprintf("step %d: %s %x", i, st.op, st.payload)
		if st.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), st.wantErr) {
				t.Fatalf("%s: error %v, want one containing %q", where, err, st.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		if !bytes.Equal(got, st.want) {
			t.Fatalf("%s: got %x, want %x", where, got, st.want)
		}
	}
}

// Expiry checks that a key set with expires 1 exists at once, and is gone within 5 s while a
// key set with expires 0 stays.
func Expiry(t *testing.T, h Handler, prefix string) {
	k, keep := prefix+"expiring", prefix+"kept"
	cleanup(t, h, k, keep)
	for _, st := range []step{
		{keyvalue.OpSet, set(k, "soon gone", 1), empty, ""},
		{keyvalue.OpSet, set(keep, "kept", 0), empty, ""},
		{keyvalue.OpGet, str(k), get("soon gone", true), ""},
	} {
		got, err := h(t.Context(), st.op, st.payload)
		if err != nil || !bytes.Equal(got, st.want) {
			t.Fatalf("%s: got %x, %v; want %x", st.op, got, err, st.want)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, err := h(t.Context(), keyvalue.OpGet, str(k))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(got, get("", false)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("key with expires 1 still there after 5 s: %x", got)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if got, err := h(t.Context(), keyvalue.OpContains, str(k)); err != nil || !bytes.Equal(got, no) {
		t.Fatalf("Contains of expired key: %x, %v", got, err)
	}
	if got, err := h(t.Context(), keyvalue.OpGet, str(keep)); err != nil || !bytes.Equal(got, get("kept", true)) {
		t.Fatalf("key without expiry: %x, %v", got, err)
	}
}

// Hammer increments one key from 50 goroutines, 20 times each, and checks the exact total.
func Hammer(t *testing.T, h Handler, prefix string) {
	const workers, each = 50, 20
	key := prefix + "hammer"
	cleanup(t, h, key)
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			for range each {
				if _, err := h(t.Context(), keyvalue.OpIncrement, incr(key, 1)); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := h(t.Context(), keyvalue.OpGet, str(key))
	if err != nil {
		t.Fatal(err)
	}
	if want := get(fmt.Sprint(workers*each), true); !bytes.Equal(got, want) {
		t.Fatalf("after %d increments: %x, want %x", workers*each, got, want)
	}
	got, err = h(t.Context(), keyvalue.OpIncrement, incr(key, 0))
	if err != nil || !bytes.Equal(got, i32(workers*each)) {
		t.Fatalf("Increment by 0: %x, %v", got, err)
	}
}
