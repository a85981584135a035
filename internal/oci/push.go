package oci

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	specs "github.com/opencontainers/image-spec/specs-go"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"oras.land/oras-go/v2/content"
	"oras.land/oras-go/v2/registry/remote"
)

// emptyConfig is the config blob of every artifact, as wash pushed it.
var emptyConfig = []byte("{}")

// Push uploads data as an artifact of the given kind under ref and returns the manifest digest
// ("sha256:…"), which pins exactly this content. The manifest holds a config of the kind's
// config media type and one layer of its layer media type, so the same data always yields the
// same digest. ref must carry a tag; the latest tag is refused unless Options.AllowLatest.
func (c *Client) Push(ctx context.Context, ref string, data []byte, kind Kind) (string, error) {
	r, err := ParseRef(ref, c.opts.AllowLatest)
	if err != nil {
		return "", err
	}
	if r.Digest != "" {
		return "", &Error{Op: "push", Ref: r, Err: fmt.Errorf("push needs a tag, not a digest: the digest is known only after the push")}
	}
	if kind != KindActor && kind != KindProviderArchive {
		return "", &Error{Op: "push", Ref: r, Err: fmt.Errorf("kind %s: %w", kind, ErrUnknownKind)}
	}
	if int64(len(data)) > c.opts.MaxSize {
		return "", &Error{Op: "push", Ref: r, Err: fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(data), c.opts.MaxSize)}
	}
	repo := c.repository(r)
	config := content.NewDescriptorFromBytes(kind.configMediaType(), emptyConfig)
	layer := content.NewDescriptorFromBytes(kind.layerMediaType(), data)
	if err := c.pushBlob(ctx, repo, config, emptyConfig, nil); err != nil {
		return "", c.fail("push", r, err)
	}
	if err := c.pushBlob(ctx, repo, layer, data, c.opts.Progress); err != nil {
		return "", c.fail("push", r, err)
	}
	manifest, err := json.Marshal(ocispec.Manifest{
		Versioned: specs.Versioned{SchemaVersion: 2},
		MediaType: ocispec.MediaTypeImageManifest,
		Config:    config,
		Layers:    []ocispec.Descriptor{layer},
	})
	if err != nil {
		return "", fmt.Errorf("push %s: %w", r, err)
	}
	desc := content.NewDescriptorFromBytes(ocispec.MediaTypeImageManifest, manifest)
	if err := repo.PushReference(ctx, desc, bytes.NewReader(manifest), r.Tag); err != nil {
		return "", c.fail("push", r, err)
	}
	return desc.Digest.String(), nil
}

// pushBlob uploads data unless the repository has it already.
func (c *Client) pushBlob(ctx context.Context, repo *remote.Repository, desc ocispec.Descriptor, data []byte, progress func(total, done int64)) error {
	exists, err := repo.Blobs().Exists(ctx, desc)
	if err != nil {
		return err
	}
	if exists {
		if progress != nil {
			progress(desc.Size, desc.Size)
		}
		return nil
	}
	var body io.Reader = bytes.NewReader(data)
	if progress != nil {
		body = &progressReader{r: body, total: desc.Size, report: progress}
	}
	return repo.Blobs().Push(ctx, desc, body)
}

// progressReader reports the bytes read through it.
type progressReader struct {
	r           io.Reader
	total, done int64
	report      func(total, done int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.done += int64(n)
		p.report(p.total, p.done)
	}
	return n, err
}
