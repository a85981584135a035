package msgtest

import (
	"bytes"
	"testing"
)

func TestHex(t *testing.T) {
	tests := []struct {
		in   string
		want []byte
	}{
		{in: ``, want: []byte{}},
		{in: `82 a3 "key"`, want: []byte{0x82, 0xa3, 'k', 'e', 'y'}},
		{in: `c405 "a b" "\x00\"q"`, want: []byte{0xc4, 0x05, 'a', ' ', 'b', 0, '"', 'q'}},
	}
	for _, tt := range tests {
		if got := Hex(t, tt.in); !bytes.Equal(got, tt.want) {
			t.Errorf("Hex(%s) = % x, want % x", tt.in, got, tt.want)
		}
	}
}
