package host

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"log/slog"

	"github.com/google/uuid"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/logging"
	"github.com/trellis-lattice/trellis/contract/numbergen"
	"github.com/trellis-lattice/trellis/internal/wasmrt"
)

// callBuiltin serves wasmcloud:builtin:logging and wasmcloud:builtin:numbergen in-host
// (ACTORS.md §2.4); the caller's claims were checked by Route.
func callBuiltin(ctx context.Context, log *slog.Logger, caller *wasmrt.Identity, contract, op string, payload []byte) ([]byte, error) {
	switch contract + "/" + op {
	case BuiltinLogging + "/" + logging.OpWriteLog:
		var e logging.LogEntry
		if err := e.UnmarshalMsg(payload); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		log.LogAttrs(ctx, logLevel(string(e.Level)), e.Text, slog.String("actor", caller.PublicKey), slog.String("name", caller.Name))
		return nil, nil
	case BuiltinNumbergen + "/" + numbergen.OpGenerateGuid:
		return codec.EncodeString(uuid.NewString()), nil
	case BuiltinNumbergen + "/" + numbergen.OpRandom32:
		return codec.EncodeU32(random32()), nil
	case BuiltinNumbergen + "/" + numbergen.OpRandomInRange:
		var r numbergen.RangeLimit
		if err := r.UnmarshalMsg(payload); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		if r.Min > r.Max {
			return nil, fmt.Errorf("%s: min %d is greater than max %d", op, r.Min, r.Max)
		}
		return codec.EncodeU32(randomInRange(r.Min, r.Max)), nil
	}
	return nil, fmt.Errorf("operation %s is not supported by %s", op, contract)
}

func logLevel(level string) slog.Level {
	switch level {
	case "info":
		return slog.LevelInfo
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelDebug
}

func random32() uint32 {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint32(b[:])
}

// randomInRange is uniform over the inclusive range [min, max] (rejection sampling).
func randomInRange(min, max uint32) uint32 {
	span := uint64(max) - uint64(min) + 1
	limit := (1 << 32) / span * span
	for {
		if v := uint64(random32()); v < limit {
			return min + uint32(v%span)
		}
	}
}
