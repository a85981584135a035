package cbor_test

import (
	"fmt"

	"github.com/trellis-lattice/trellis/contract/cbor"
)

// A structure written as an array, field by field, and read back with the
// typed readers.
func Example() {
	b := cbor.AppendArrayHeader(nil, 3)
	b = cbor.AppendText(b, "photos")
	b = cbor.AppendUint(b, 300)
	b = cbor.AppendNull(b) // an absent optional member
	fmt.Printf("% x\n", b)

	n, rest, _ := cbor.ReadArrayHeader(b)
	name, rest, _ := cbor.ReadText(rest)
	size, rest, _ := cbor.ReadUint(rest)
	fmt.Println(n, name, size, cbor.IsNull(rest))
	// Output:
	// 83 66 70 68 6f 74 6f 73 19 01 2c f6
	// 3 photos 300 true
}

func ExampleDecode() {
	v, err := cbor.Decode([]byte{0xa2, 0x61, 'a', 0x01, 0x61, 'b', 0x82, 0x02, 0xf9, 0x3e, 0x00})
	fmt.Println(v, err)
	// Output: map[a:1 b:[2 1.5]] <nil>
}
