package actor

import (
	"bytes"
	"strings"
	"testing"
)

func TestAppendStr(t *testing.T) {
	tests := []struct {
		n    int
		head []byte
	}{
		{n: 0, head: []byte{0xa0}},
		{n: 31, head: []byte{0xbf}},
		{n: 32, head: []byte{0xd9, 32}},
		{n: 255, head: []byte{0xd9, 255}},
		{n: 256, head: []byte{0xda, 1, 0}},
		{n: 65535, head: []byte{0xda, 0xff, 0xff}},
		{n: 65536, head: []byte{0xdb, 0, 1, 0, 0}},
	}
	for _, tt := range tests {
		s := strings.Repeat("s", tt.n)
		got := appendStr(nil, s)
		want := append(append([]byte(nil), tt.head...), s...)
		if !bytes.Equal(got, want) {
			t.Errorf("appendStr(len %d) starts % x, want % x", tt.n, got[:len(tt.head)], tt.head)
		}
	}
}
