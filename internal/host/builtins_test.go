package host

import (
	"bytes"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/logging"
	"github.com/trellis-lattice/trellis/contract/numbergen"
	"github.com/trellis-lattice/trellis/internal/wasmrt"
)

func TestBuiltins(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	caller := &wasmrt.Identity{PublicKey: "MKEY", Name: "rand"}

	entry := logging.LogEntry{Level: "warn", Text: "disk almost full"}
	if _, err := callBuiltin(t.Context(), log, caller, BuiltinLogging, logging.OpWriteLog, entry.AppendMsg(nil)); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, "level=WARN") || !strings.Contains(out, "disk almost full") || !strings.Contains(out, "actor=MKEY") {
		t.Fatalf("log line %q", out)
	}

	out, err := callBuiltin(t.Context(), log, caller, BuiltinNumbergen, numbergen.OpGenerateGuid, nil)
	if err != nil {
		t.Fatal(err)
	}
	guid, err := codec.DecodeString(out)
	if err != nil || !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(guid) {
		t.Fatalf("guid %q, %v", guid, err)
	}

	seen := map[uint32]bool{}
	for i := 0; i < 2000; i++ {
		out, err := callBuiltin(t.Context(), log, caller, BuiltinNumbergen, numbergen.OpRandomInRange, (&numbergen.RangeLimit{Min: 5, Max: 8}).AppendMsg(nil))
		if err != nil {
			t.Fatal(err)
		}
		v, err := codec.DecodeU32(out)
		if err != nil || v < 5 || v > 8 {
			t.Fatalf("RandomInRange(5, 8) = %d, %v", v, err)
		}
		seen[v] = true
	}
	if len(seen) != 4 {
		t.Fatalf("RandomInRange(5, 8) produced %v, want all of 5..8 (inclusive)", seen)
	}

	if _, err := callBuiltin(t.Context(), log, caller, BuiltinNumbergen, numbergen.OpRandomInRange, (&numbergen.RangeLimit{Min: 9, Max: 1}).AppendMsg(nil)); err == nil || !strings.Contains(err.Error(), "min 9 is greater than max 1") {
		t.Fatalf("inverted range: err = %v", err)
	}
	if _, err := callBuiltin(t.Context(), log, caller, BuiltinNumbergen, "NumberGen.Nope", nil); err == nil {
		t.Fatal("unknown op succeeded")
	}
	if _, err := callBuiltin(t.Context(), log, caller, BuiltinLogging, logging.OpWriteLog, []byte{0xc1}); err == nil {
		t.Fatal("garbage log payload accepted")
	}
}
