package oci

import (
	"bytes"
	"fmt"
)

// Media types of the artifacts wasmCloud 0.x tools push and hosts pull.
const (
	// MediaTypeWasmLayer is the layer holding an actor's wasm module.
	MediaTypeWasmLayer = "application/vnd.module.wasm.content.layer.v1+wasm"
	// MediaTypePARLayer is the layer holding a provider archive (tar, optionally gzipped).
	MediaTypePARLayer = "application/vnd.wasmcloud.provider.archive.layer.v1+par"
	// MediaTypeTarLayer is a generic OCI layer, accepted on pull for either kind.
	MediaTypeTarLayer = "application/vnd.oci.image.layer.v1.tar"
	// MediaTypeActorConfig is the config media type of an actor artifact.
	MediaTypeActorConfig = "application/vnd.wasmcloud.actor.archive.config"
	// MediaTypePARConfig is the config media type of a provider archive artifact.
	MediaTypePARConfig = "application/vnd.wasmcloud.provider.archive.config"
)

// Kind says what an artifact holds.
type Kind int

const (
	// KindUnknown is the zero Kind: not (yet) known.
	KindUnknown Kind = iota
	// KindActor is a wasm module.
	KindActor
	// KindProviderArchive is a provider archive (.par or .par.gz).
	KindProviderArchive
)

// String returns "actor", "provider archive" or "unknown".
func (k Kind) String() string {
	switch k {
	case KindActor:
		return "actor"
	case KindProviderArchive:
		return "provider archive"
	}
	return "unknown"
}

// layerMediaType and configMediaType are what Push writes for k.
func (k Kind) layerMediaType() string {
	if k == KindProviderArchive {
		return MediaTypePARLayer
	}
	return MediaTypeWasmLayer
}

func (k Kind) configMediaType() string {
	if k == KindProviderArchive {
		return MediaTypePARConfig
	}
	return MediaTypeActorConfig
}

// wasmMagic opens every wasm binary module.
var wasmMagic = []byte("\x00asm")

// KindOf tells an actor from a provider archive by its first bytes: the wasm magic means an
// actor; gzip's magic (1f 8b) or a tar header ("ustar" at offset 257) means a provider archive.
// It does not check that the rest is well formed.
func KindOf(data []byte) (Kind, error) {
	switch {
	case bytes.HasPrefix(data, wasmMagic):
		return KindActor, nil
	case bytes.HasPrefix(data, []byte{0x1f, 0x8b}):
		return KindProviderArchive, nil
	case len(data) >= 262 && string(data[257:262]) == "ustar":
		return KindProviderArchive, nil
	}
	return KindUnknown, fmt.Errorf("neither a wasm module (no \\0asm magic) nor a provider archive (not gzip or tar): %w", ErrUnknownKind)
}
