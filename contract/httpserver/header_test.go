package httpserver_test

import (
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/contract/httpserver"
)

func TestHeader(t *testing.T) {
	h := httpserver.Header{"content-type": {"text/plain"}, "X-Legacy": {"v"}}
	tests := []struct {
		name, get, want string
	}{
		{name: "lowercase", get: "content-type", want: "text/plain"},
		{name: "canonical case", get: "Content-Type", want: "text/plain"},
		{name: "key not lowercase", get: "x-legacy", want: "v"},
		{name: "absent", get: "accept", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := h.Get(tt.get); got != tt.want {
				t.Fatalf("Get(%q) = %q, want %q", tt.get, got, tt.want)
			}
		})
	}

	h.Set("Cache-Control", "no-store")
	h.Add("Set-Cookie", "a=1")
	h.Add("set-cookie", "b=2")
	h.Set("Content-Type", "application/json")
	want := httpserver.Header{
		"content-type":  {"application/json"},
		"X-Legacy":      {"v"},
		"cache-control": {"no-store"},
		"set-cookie":    {"a=1", "b=2"},
	}
	if !reflect.DeepEqual(h, want) {
		t.Fatalf("after Set/Add: %v\nwant %v", h, want)
	}
	if got := h.Values("SET-COOKIE"); !reflect.DeepEqual(got, []string{"a=1", "b=2"}) {
		t.Fatalf("Values = %q", got)
	}
}
