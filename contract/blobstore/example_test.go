package blobstore_test

import (
	"fmt"

	"github.com/trellis-lattice/trellis/contract/blobstore"
)

// An actor asks for the first 100 bytes of an object; the provider decodes
// the request, whatever encoding the actor used.
func ExampleGetObjectRequest() {
	end := uint64(99)
	payload := (&blobstore.GetObjectRequest{ContainerID: "photos", ObjectID: "cat.jpg", RangeEnd: &end}).AppendMsg(nil)
	fmt.Printf("% x\n", payload)

	var q blobstore.GetObjectRequest
	if err := q.UnmarshalMsg(payload); err != nil {
		panic(err)
	}
	fmt.Println(q.ContainerID, q.ObjectID, q.RangeStart == nil, *q.RangeEnd)
	// Output:
	// 7f 84 67 63 61 74 2e 6a 70 67 66 70 68 6f 74 6f 73 f6 18 63
	// photos cat.jpg true 99
}
