package actorbuild

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/trellis-lattice/trellis/internal/wasmbin"
)

// Export names: Go's reactor initialiser, and the name wasmCloud 0.x hosts call.
const (
	ExportInitialize = "_initialize"
	ExportWapcInit   = "wapc_init"
)

// Compile builds the Go package main in dir for wasip1 as a reactor and returns the module
// with its wapc_init alias. The go command comes from PATH and runs with the caller's
// environment plus GOOS/GOARCH; on failure the error carries the compiler's output.
func Compile(ctx context.Context, dir string) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "trellis-build-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "actor.wasm")
	cmd := exec.CommandContext(ctx, "go", "build", "-buildmode=c-shared", "-trimpath", "-o", out, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go build: %w\n%s", err, strings.TrimRight(output.String(), "\n"))
	}
	mod, err := os.ReadFile(out)
	if err != nil {
		return nil, err
	}
	mod, err = wasmbin.AddExportAlias(mod, ExportInitialize, ExportWapcInit)
	if err != nil {
		return nil, fmt.Errorf("%w (is it a Go package main built with -buildmode=c-shared?)", err)
	}
	return mod, nil
}
