package ctl

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// MetadataBucket returns the name of a lattice's metadata bucket (PROTOCOL.md §4.2):
// LATTICEDATA_{lattice}.
func MetadataBucket(lattice string) string { return "LATTICEDATA_" + lattice }

// RefmapKey returns the metadata-bucket key that maps an image reference to a public key:
// REFMAP_{base64url_nopad(ref)}.
func RefmapKey(ref string) string {
	return "REFMAP_" + base64.RawURLEncoding.EncodeToString([]byte(ref))
}

// Refmap is the value under a RefmapKey.
type Refmap struct {
	OCIURL    string `json:"oci_url"`
	PublicKey string `json:"public_key"`
}

// resolveRef returns the public key ref stands for: ref itself when it is a public key,
// otherwise the refmap entry of the metadata bucket, otherwise ref unchanged.
func (c *Client) resolveRef(ctx context.Context, ref string) string {
	if len(ref) == 56 && strings.ToUpper(ref) == ref {
		return ref
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	kv, err := c.js.KeyValue(ctx, MetadataBucket(c.opts.Lattice))
	if err != nil {
		return ref
	}
	e, err := kv.Get(ctx, RefmapKey(ref))
	if err != nil {
		return ref
	}
	var m Refmap
	if json.Unmarshal(e.Value(), &m) != nil || m.PublicKey == "" {
		return ref
	}
	return m.PublicKey
}
