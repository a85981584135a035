package oci

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opencontainers/go-digest"

	"github.com/trellis-lattice/trellis/internal/oci/registrytest"
)

func TestDockerRegistry(t *testing.T) {
	host, root := registrytest.StartDockerRegistry(t, "", "")
	c := newClient(t, Options{})
	for _, tt := range []struct {
		ref  string
		data []byte
		kind Kind
	}{
		{host + "/acme/echo:0.1.0", testModule(t, "real"), KindActor},
		{host + "/acme/kv:0.1.0", testPAR(t, "real"), KindProviderArchive},
	} {
		dgst, err := c.Push(t.Context(), tt.ref, tt.data, tt.kind)
		if err != nil {
			t.Fatalf("push %s: %v", tt.ref, err)
		}
		for _, ref := range []string{tt.ref, tt.ref + "@" + dgst} {
			data, kind, got, err := c.Pull(t.Context(), ref)
			if err != nil || !bytes.Equal(data, tt.data) || kind != tt.kind || got != dgst {
				t.Fatalf("pull %s: kind %s digest %s err %v", ref, kind, got, err)
			}
		}
	}
	if _, _, _, err := c.Pull(t.Context(), host+"/acme/none:1.0.0"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown repository: %v", err)
	}

	// Corrupt the stored layer on disk: the registry serves it as is, the pull must refuse it.
	mod := testModule(t, "corrupted on disk")
	ref := host + "/acme/corrupt:1.0.0"
	if _, err := c.Push(t.Context(), ref, mod, KindActor); err != nil {
		t.Fatal(err)
	}
	hex := digest.FromBytes(mod).Encoded()
	blob := filepath.Join(root, "docker/registry/v2/blobs/sha256", hex[:2], hex, "data")
	stored, err := os.ReadFile(blob)
	if err != nil {
		t.Fatalf("layer not where distribution keeps it: %v", err)
	}
	stored[len(stored)-1] ^= 0xff
	if err := os.WriteFile(blob, stored, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := c.Pull(t.Context(), ref); !errors.Is(err, ErrDigestMismatch) || !strings.Contains(err.Error(), "manifest says sha256:"+hex) {
		t.Errorf("corrupt layer: %v", err)
	}
}

func TestDockerRegistryAuth(t *testing.T) {
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	host, _ := registrytest.StartDockerRegistry(t, "alice", "s3cret")
	mod := testModule(t, "private")
	ref := host + "/private/echo:1.0.0"
	if _, err := newClient(t, Options{}).Push(t.Context(), ref, mod, KindActor); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("anonymous push: %v", err)
	}
	c := newClient(t, Options{Credentials: Static(map[string]Credential{host: {Username: "alice", Password: "s3cret"}})})
	dgst, err := c.Push(t.Context(), ref, mod, KindActor)
	if err != nil {
		t.Fatal(err)
	}
	if data, _, got, err := c.Pull(t.Context(), ref); err != nil || got != dgst || !bytes.Equal(data, mod) {
		t.Fatalf("pull: %s %v", got, err)
	}
}
