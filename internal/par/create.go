package par

import (
	"archive/tar"
	"compress/gzip"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/trellis-lattice/trellis/internal/claims"
)

// Create writes a signed provider archive to w: c's TargetHashes are computed from binaries
// (target → executable), the claims are signed by issuer for subject (V…), and the tar holds
// claims.jwt followed by the binaries in target order. compress gzips it (a .par.gz file). It
// returns the token.
func Create(w io.Writer, binaries map[string][]byte, c claims.ProviderClaims, issuer *claims.KeyPair, subject string, compress bool) (string, error) {
	if len(binaries) == 0 {
		return "", fmt.Errorf("create provider archive: no binaries")
	}
	if c.CapID == "" {
		return "", fmt.Errorf("create provider archive: the contract id (capid) is required, e.g. wasmcloud:keyvalue")
	}
	c.TargetHashes = make(map[string]string, len(binaries))
	for target, b := range binaries {
		if target == "" || len(b) == 0 {
			return "", fmt.Errorf("create provider archive: empty target name or binary (%q)", target)
		}
		c.TargetHashes[target] = Hash(b)
	}
	if c.IssuedAt.IsZero() {
		c.IssuedAt = time.Now()
	}
	token, err := claims.SignProvider(c, issuer, subject)
	if err != nil {
		return "", fmt.Errorf("create provider archive: %w", err)
	}
	out := w
	var zw *gzip.Writer
	if compress {
		zw = gzip.NewWriter(w)
		out = zw
	}
	tw := tar.NewWriter(out)
	mtime := c.IssuedAt.Truncate(time.Second)
	add := func(name string, mode int64, body []byte) error {
		hdr := &tar.Header{Name: name, Mode: mode, Size: int64(len(body)), ModTime: mtime, Typeflag: tar.TypeReg, Format: tar.FormatGNU}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		_, err := tw.Write(body)
		return err
	}
	if err := add(ClaimsFile, 0o644, []byte(token)); err != nil {
		return "", fmt.Errorf("create provider archive: %w", err)
	}
	for _, target := range slices.Sorted(maps.Keys(binaries)) {
		if err := add(target+".bin", 0o755, binaries[target]); err != nil {
			return "", fmt.Errorf("create provider archive: %w", err)
		}
	}
	if err := tw.Close(); err != nil {
		return "", fmt.Errorf("create provider archive: %w", err)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return "", fmt.Errorf("create provider archive: %w", err)
		}
	}
	return token, nil
}
