package host

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
)

// ErrFileLoadDisabled means a file:// reference was given to a host started without file loading.
var ErrFileLoadDisabled = errors.New("loading actors from files is disabled on this host")

// fetchModule returns the bytes an actor reference names. Today: file:// paths (when allowed).
// OCI references come with the registry issue.
func (h *Host) fetchModule(_ context.Context, ref string) ([]byte, error) {
	path, ok := strings.CutPrefix(ref, "file://")
	if !ok {
		return nil, fmt.Errorf("unsupported reference %q: this host loads file:// references only (OCI registries are not supported yet)", ref)
	}
	if !h.cfg.AllowFileLoad {
		return nil, fmt.Errorf("%w (%s); start the host without --disable-file-load", ErrFileLoadDisabled, ref)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", ref, err)
	}
	return b, nil
}
