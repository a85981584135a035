package keyvalue_test

import (
	"fmt"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
)

// An actor increments a counter: it encodes an IncrementRequest as the
// payload of KeyValue.Increment and decodes the provider's bare i32 reply.
func ExampleIncrementRequest() {
	req := keyvalue.IncrementRequest{Key: "counter::foo:bar", Value: 3}
	payload := req.AppendMsg(nil)
	fmt.Printf("%s %s % x\n", keyvalue.ContractID, keyvalue.OpIncrement, payload[:5])

	reply := codec.EncodeI32(42) // what the provider sends back
	n, err := codec.DecodeI32(reply)
	fmt.Println(n, err)
	// Output:
	// wasmcloud:keyvalue KeyValue.Increment 82 a3 6b 65 79
	// 42 <nil>
}

// A provider decodes KeyValue.Get's bare string input and answers with a
// GetResponse.
func ExampleGetResponse() {
	key, err := codec.DecodeString(codec.EncodeString("greeting"))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp := keyvalue.GetResponse{Value: "hello", Exists: true}
	var back keyvalue.GetResponse
	err = back.UnmarshalMsg(resp.AppendMsg(nil))
	fmt.Printf("%s: %+v %v\n", key, back, err)
	// Output: greeting: {Value:hello Exists:true} <nil>
}

// Decoding is by key and tolerant: an i32 written in a wider form is fine,
// but a float is rejected with an error naming the type and field.
func ExampleSetRequest_UnmarshalMsg() {
	var req keyvalue.SetRequest
	err := req.UnmarshalMsg([]byte("\x81\xa7expires\xcb\x00\x00\x00\x00\x00\x00\x00\x00"))
	fmt.Println(err)
	// Output: decode keyvalue.SetRequest field "expires": found float64, want u32
}
