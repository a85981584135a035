package oci

import (
	"errors"
	"strings"
	"testing"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

func TestParseRef(t *testing.T) {
	d := "sha256:" + strings.Repeat("ab", 32)
	tests := []struct {
		in, want string
		latest   bool
		err      string
	}{
		{"ghcr.io/Acme/Echo:V1.0", "ghcr.io/acme/echo:V1.0", false, ""},
		{"oci://GHCR.io/acme/echo:0.1", "ghcr.io/acme/echo:0.1", false, ""},
		{"localhost:5000/echo:0.1", "localhost:5000/echo:0.1", false, ""},
		{"localhost/echo:0.1", "localhost/echo:0.1", false, ""},
		{"acme/echo:0.1", "docker.io/acme/echo:0.1", false, ""},
		{"redis:7", "docker.io/library/redis:7", false, ""},
		{"ghcr.io/acme/echo@" + d, "ghcr.io/acme/echo@" + d, false, ""},
		{"ghcr.io/acme/echo:latest@" + d, "ghcr.io/acme/echo:latest@" + d, false, ""},
		{"ghcr.io/acme/echo", "ghcr.io/acme/echo:latest", true, ""},
		{"ghcr.io/acme/echo", "", false, "has no tag or digest"},
		{"ghcr.io/acme/echo:latest", "", false, "uses the latest tag"},
		{"ghcr.io/acme/echo@sha256:nothex", "", false, "invalid"},
		{"ghcr.io/acme/echo:bad tag", "", false, "invalid"},
	}
	for _, tt := range tests {
		r, err := ParseRef(tt.in, tt.latest)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseRef(%q) = %v, %v; want error containing %q", tt.in, r, err, tt.err)
		case tt.err == "" && (err != nil || r.String() != tt.want):
			t.Errorf("ParseRef(%q) = %v, %v; want %s", tt.in, r, err, tt.want)
		}
	}
	if _, err := ParseRef("ghcr.io/a/b", false); !errors.Is(err, ErrLatest) {
		t.Errorf("tagless ref: %v", err)
	}
}

func TestKindOf(t *testing.T) {
	tar := make([]byte, 512)
	copy(tar[257:], "ustar")
	tests := []struct {
		data []byte
		want Kind
	}{
		{[]byte("\x00asm\x01\x00\x00\x00"), KindActor},
		{[]byte{0x1f, 0x8b, 8}, KindProviderArchive},
		{tar, KindProviderArchive},
		{[]byte("#!/bin/sh"), KindUnknown},
		{nil, KindUnknown},
	}
	for _, tt := range tests {
		got, err := KindOf(tt.data)
		if got != tt.want || (tt.want == KindUnknown) != errors.Is(err, ErrUnknownKind) {
			t.Errorf("KindOf(%q) = %s, %v; want %s", tt.data[:min(len(tt.data), 8)], got, err, tt.want)
		}
	}
}

func TestPickLayer(t *testing.T) {
	layer := func(mt string) ocispec.Descriptor { return ocispec.Descriptor{MediaType: mt} }
	tests := []struct {
		config string
		layers []string
		want   Kind
		err    bool
	}{
		{MediaTypeActorConfig, []string{MediaTypeWasmLayer}, KindActor, false},
		{"", []string{"text/plain", MediaTypePARLayer}, KindProviderArchive, false},
		{MediaTypePARConfig, []string{MediaTypeTarLayer}, KindProviderArchive, false},
		{MediaTypeActorConfig, []string{MediaTypeTarLayer}, KindActor, false},
		{"application/vnd.oci.image.config.v1+json", []string{MediaTypeTarLayer}, KindUnknown, false},
		{"", []string{"application/vnd.oci.image.layer.v1.tar+gzip"}, KindUnknown, true},
		{"", nil, KindUnknown, true},
	}
	for _, tt := range tests {
		m := ocispec.Manifest{Config: ocispec.Descriptor{MediaType: tt.config}}
		for _, l := range tt.layers {
			m.Layers = append(m.Layers, layer(l))
		}
		_, kind, err := pickLayer(m)
		if kind != tt.want || (err != nil) != tt.err || (err != nil && !errors.Is(err, ErrNotArtifact)) {
			t.Errorf("pickLayer(%s, %v) = %s, %v", tt.config, tt.layers, kind, err)
		}
	}
}
