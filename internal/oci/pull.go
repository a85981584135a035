package oci

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/opencontainers/go-digest"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"oras.land/oras-go/v2/registry/remote"
)

// dockerManifest is the Docker schema 2 manifest media type, which has the same shape as an OCI
// image manifest.
const dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"

// Pull fetches the artifact named by ref and returns its content, its kind and the digest of
// its manifest, which pins exactly this content ("ref@digest"). Everything fetched is checked
// against its digest; with Options.CacheDir set, manifests named by digest and layers are read
// from the cache when present and intact, so a pull by digest of a cached artifact needs no
// network at all and a pull by tag needs one request to resolve the tag.
func (c *Client) Pull(ctx context.Context, ref string) ([]byte, Kind, string, error) {
	r, err := ParseRef(ref, c.opts.AllowLatest)
	if err != nil {
		return nil, KindUnknown, "", err
	}
	repo := c.repository(r)
	mdigest, manifest, err := c.manifest(ctx, repo, r)
	if err != nil {
		return nil, KindUnknown, "", c.fail("pull", r, err)
	}
	layer, kind, err := pickLayer(manifest)
	if err != nil {
		return nil, KindUnknown, "", c.fail("pull", r, err)
	}
	data, err := c.layer(ctx, repo, layer)
	if err != nil {
		return nil, KindUnknown, "", c.fail("pull", r, err)
	}
	if kind == KindUnknown {
		if kind, err = KindOf(data); err != nil {
			return nil, KindUnknown, "", c.fail("pull", r, fmt.Errorf("%s layer: %w", MediaTypeTarLayer, err))
		}
	}
	return data, kind, mdigest.String(), nil
}

// manifest resolves r to a manifest digest and returns the verified, decoded manifest.
func (c *Client) manifest(ctx context.Context, repo *remote.Repository, r Ref) (digest.Digest, ocispec.Manifest, error) {
	store := cache{c.opts.CacheDir}
	desc := ocispec.Descriptor{Digest: digest.Digest(r.Digest)}
	source := "reference"
	if r.Digest == "" {
		var err error
		if desc, err = repo.Resolve(ctx, r.Tag); err != nil {
			return "", ocispec.Manifest{}, err
		}
		source = "registry"
	}
	if err := checkDigest(desc.Digest); err != nil {
		return "", ocispec.Manifest{}, err
	}
	raw, ok := store.get(desc.Digest, maxManifestSize)
	if !ok {
		var err error
		if raw, err = c.fetchManifest(ctx, repo, desc); err != nil {
			return "", ocispec.Manifest{}, err
		}
		if err := verify(source, desc.Digest, raw); err != nil {
			return "", ocispec.Manifest{}, err
		}
	}
	m, err := decodeManifest(raw)
	if err != nil {
		return "", ocispec.Manifest{}, err
	}
	if !ok {
		if err := store.put(desc.Digest, raw); err != nil {
			return "", ocispec.Manifest{}, err
		}
	}
	return desc.Digest, m, nil
}

// fetchManifest downloads the manifest named by desc.Digest, at most maxManifestSize bytes.
func (c *Client) fetchManifest(ctx context.Context, repo *remote.Repository, desc ocispec.Descriptor) ([]byte, error) {
	if desc.Size > maxManifestSize {
		return nil, fmt.Errorf("%w: manifest of %d bytes, the limit is %d", ErrTooLarge, desc.Size, maxManifestSize)
	}
	_, rc, err := repo.Manifests().FetchReference(ctx, desc.Digest.String())
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	raw, err := io.ReadAll(io.LimitReader(rc, maxManifestSize+1))
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	if len(raw) > maxManifestSize {
		return nil, fmt.Errorf("%w: manifest larger than %d bytes", ErrTooLarge, maxManifestSize)
	}
	return raw, nil
}

func decodeManifest(raw []byte) (ocispec.Manifest, error) {
	var m ocispec.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, fmt.Errorf("%w: manifest is not JSON: %v", ErrNotArtifact, err)
	}
	switch m.MediaType {
	case ocispec.MediaTypeImageManifest, dockerManifest, "":
	case ocispec.MediaTypeImageIndex, "application/vnd.docker.distribution.manifest.list.v2+json":
		return m, fmt.Errorf("%w: it is an image index (a multi-platform image), not a single artifact", ErrNotArtifact)
	default:
		return m, fmt.Errorf("%w: manifest media type %q", ErrNotArtifact, m.MediaType)
	}
	return m, nil
}

// pickLayer returns the first layer of a media type wasmCloud hosts accept and the kind it
// implies; a generic tar layer's kind comes from the config media type, or else (KindUnknown)
// from its content.
func pickLayer(m ocispec.Manifest) (ocispec.Descriptor, Kind, error) {
	var seen []string
	for _, l := range m.Layers {
		switch l.MediaType {
		case MediaTypeWasmLayer:
			return l, KindActor, nil
		case MediaTypePARLayer:
			return l, KindProviderArchive, nil
		case MediaTypeTarLayer:
			switch m.Config.MediaType {
			case MediaTypeActorConfig:
				return l, KindActor, nil
			case MediaTypePARConfig:
				return l, KindProviderArchive, nil
			}
			return l, KindUnknown, nil
		}
		seen = append(seen, l.MediaType)
	}
	return ocispec.Descriptor{}, KindUnknown, fmt.Errorf("%w: no layer of type %s, %s or %s (layers: %s)", ErrNotArtifact,
		MediaTypeWasmLayer, MediaTypePARLayer, MediaTypeTarLayer, strings.Join(seen, ", "))
}

// layer returns the verified content of desc, from the cache when it holds an intact copy.
func (c *Client) layer(ctx context.Context, repo *remote.Repository, desc ocispec.Descriptor) ([]byte, error) {
	if err := checkDigest(desc.Digest); err != nil {
		return nil, err
	}
	if desc.Size < 0 || desc.Size > c.opts.MaxSize {
		return nil, fmt.Errorf("%w: layer %s is %d bytes, the limit is %d", ErrTooLarge, desc.Digest, desc.Size, c.opts.MaxSize)
	}
	store := cache{c.opts.CacheDir}
	if data, ok := store.get(desc.Digest, c.opts.MaxSize); ok {
		if c.opts.Progress != nil {
			c.opts.Progress(desc.Size, desc.Size)
		}
		return data, nil
	}
	rc, err := repo.Blobs().Fetch(ctx, desc)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var body io.Reader = io.LimitReader(rc, desc.Size+1)
	if c.opts.Progress != nil {
		body = &progressReader{r: body, total: desc.Size, report: c.opts.Progress}
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, fmt.Errorf("read layer %s: %w", desc.Digest, err)
	}
	if int64(len(data)) != desc.Size {
		return nil, fmt.Errorf("%w: manifest says layer %s is %d bytes, the registry sent %d or more", ErrDigestMismatch, desc.Digest, desc.Size, len(data))
	}
	if err := verify("manifest", desc.Digest, data); err != nil {
		return nil, err
	}
	return data, store.put(desc.Digest, data)
}
