package lattice

import (
	"reflect"
	"testing"
)

// FuzzInvocation checks that the decoder never panics and that whatever it accepts survives a
// round trip.
func FuzzInvocation(f *testing.F) {
	f.Add(goldenInvocation().MarshalMsgpack())
	f.Add((&Invocation{}).MarshalMsgpack())
	f.Add(mp("msg", mpEmptyArray, "origin", mpNil, "traceContext", mp("a", "b")))
	f.Fuzz(func(t *testing.T, b []byte) {
		var inv Invocation
		if inv.UnmarshalMsgpack(b) != nil {
			return
		}
		var again Invocation
		if err := again.UnmarshalMsgpack(inv.MarshalMsgpack()); err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !reflect.DeepEqual(inv, again) {
			t.Fatalf("round trip changed %+v into %+v", inv, again)
		}
	})
}

// FuzzInvocationResponse is FuzzInvocation for responses.
func FuzzInvocationResponse(f *testing.F) {
	f.Add((&InvocationResponse{Msg: []byte("pong"), InvocationID: "i", ContentLength: u64(4)}).MarshalMsgpack())
	f.Add((&InvocationResponse{Error: str("boom"), InstanceID: "x"}).MarshalMsgpack())
	f.Add(mp("msg", mpEmptyArray, "error", "Actor is not running"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var r InvocationResponse
		if r.UnmarshalMsgpack(b) != nil {
			return
		}
		var again InvocationResponse
		if err := again.UnmarshalMsgpack(r.MarshalMsgpack()); err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !reflect.DeepEqual(r, again) {
			t.Fatalf("round trip changed %+v into %+v", r, again)
		}
	})
}
