package wasmrt

import (
	"bytes"
	"context"
	"crypto/rand"
	"log/slog"
)

// logWriter turns a guest's WASI stdout or stderr into log records, one per line.
type logWriter struct {
	log    *slog.Logger
	actor  string
	stream string
	level  slog.Level
}

// Write implements io.Writer. Each write is logged at once (no buffering across writes).
func (w *logWriter) Write(p []byte) (int, error) {
	for line := range bytes.Lines(p) {
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			continue
		}
		w.log.LogAttrs(context.Background(), w.level, string(line),
			slog.String("actor", w.actor), slog.String("source", w.stream))
	}
	return len(p), nil
}

// cryptoRand is the WASI random source: the operating system's CSPRNG.
type cryptoRand struct{}

// Read implements io.Reader.
func (cryptoRand) Read(p []byte) (int, error) { return rand.Read(p) }
