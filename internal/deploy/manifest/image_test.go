package manifest

import (
	"strings"
	"testing"
)

func TestImageProblem(t *testing.T) {
	digest := "sha256:" + strings.Repeat("0a", 32)
	tests := []struct {
		image   string
		builtin bool
		want    string // a part of the problem; "" for none
	}{
		{"file:///srv/echo.wasm", false, ""},
		{"ghcr.io/org/echo:0.3.4", false, ""},
		{"ghcr.io/org/echo", false, ""},
		{"ghcr.io/org/echo:latest", false, ""},
		{"ghcr.io/org/echo@" + digest, false, ""},
		{"ghcr.io/org/echo:1.0@" + digest, false, ""},
		{"localhost/echo:1", false, ""},
		{"localhost:5000/a/b/c_d__e.f-g---h:v1", false, ""},
		{"[::1]:5000/echo:1", false, ""},
		{"Registry.Example.COM/echo", false, ""},
		{"httpserver", true, ""},
		{"kv-redis2", true, ""},

		{"file://", false, "absolute path"},
		{"file:///", false, "absolute path"},
		{"file://host/echo.wasm", false, "absolute path"},
		{"httpserver", false, "not an actor"},
		{"Http", true, "only lowercase"},
		{"Http", false, "not a file:// URL"},
		{"echo:1", false, "no registry"},
		{"org/echo:1", false, "no registry"},
		{"ghcr.io/Org/echo", false, "must be lowercase"},
		{"ghcr.io/org/echo-", false, "repository component"},
		{"ghcr.io/", false, "repository component"},
		{"ghcr.io/org/echo:", false, "the tag"},
		{"ghcr.io/org/echo:.x", false, "the tag"},
		{"ghcr.io/org/echo:" + strings.Repeat("x", 129), false, "the tag"},
		{"ghcr.io/org/echo@sha256:abc", false, "digest"},
		{"ghcr.io/org/echo@sha512:" + strings.Repeat("0", 128), false, "digest"},
		{"ghcr.io/org/echo@" + strings.ToUpper(digest), false, "digest"},
		{"-ghcr.io/org/echo", false, "not a host name"},
		{"ghcr..io/org/echo", false, "not a host name"},
		{"ghcr.io:http/org/echo", false, "port"},
		{"ghcr.io/" + strings.Repeat("a", 250), false, "longer than 255"},
	}
	for _, tt := range tests {
		got := imageProblem(tt.image, tt.builtin)
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("imageProblem(%q, %v) = %q, want %q", tt.image, tt.builtin, got, tt.want)
		}
	}
}
