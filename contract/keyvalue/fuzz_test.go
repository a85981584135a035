package keyvalue_test

import (
	"testing"

	"github.com/trellis-lattice/trellis/contract/internal/codectest"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
)

func FuzzGetResponse(f *testing.F) {
	codectest.Fuzz[keyvalue.GetResponse](f, (&keyvalue.GetResponse{Value: "v", Exists: true}).AppendMsg(nil))
}

func FuzzSetRequest(f *testing.F) {
	codectest.Fuzz[keyvalue.SetRequest](f, (&keyvalue.SetRequest{Key: "k", Value: "v", Expires: 300}).AppendMsg(nil))
}

func FuzzIncrementRequest(f *testing.F) {
	codectest.Fuzz[keyvalue.IncrementRequest](f, codectest.Hex(f, `82 a3 "key" b0 "counter::foo:bar" a5 "value" 03`))
}

func FuzzListAddRequest(f *testing.F) {
	codectest.Fuzz[keyvalue.ListAddRequest](f, codectest.Hex(f, `82 a9 "list_name" a1 "l" a5 "value" a1 "v"`))
}

func FuzzListDelRequest(f *testing.F) {
	codectest.Fuzz[keyvalue.ListDelRequest](f, codectest.Hex(f, `82 a8 "listName" a1 "l" a5 "value" a1 "v"`))
}

func FuzzListRangeRequest(f *testing.F) {
	codectest.Fuzz[keyvalue.ListRangeRequest](f, codectest.Hex(f, `83 a8 "listName" a1 "l" a5 "start" 00 a4 "stop" ff`))
}

func FuzzSetAddRequest(f *testing.F) {
	codectest.Fuzz[keyvalue.SetAddRequest](f, codectest.Hex(f, `82 a7 "setName" a1 "s" a5 "value" a1 "v"`))
}

func FuzzSetDelRequest(f *testing.F) {
	codectest.Fuzz[keyvalue.SetDelRequest](f, codectest.Hex(f, `82 a7 "setName" a1 "s" a5 "value" a1 "v"`))
}
