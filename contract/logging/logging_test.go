package logging_test

import (
	"bytes"
	"testing"

	"github.com/trellis-lattice/trellis/contract/internal/codectest"
	"github.com/trellis-lattice/trellis/contract/logging"
)

func TestLogEntry(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want logging.LogEntry
		enc  string // canonical encoding when it differs from in
	}{
		{
			name: "observed debug! (§2.4)",
			in:   `82 a5 "level" a5 "debug" a4 "text" a8 "a debug!"`,
			want: logging.LogEntry{Level: logging.LevelDebug, Text: "a debug!"},
		},
		{
			name: "other order and unknown key",
			in:   `83 a4 "text" a2 "hi" a6 "target" a3 "app" a5 "level" a4 "warn"`,
			want: logging.LogEntry{Level: logging.LevelWarn, Text: "hi"},
			enc:  `82 a5 "level" a4 "warn" a4 "text" a2 "hi"`,
		},
		{
			name: "missing level",
			in:   `81 a4 "text" a2 "hi"`,
			want: logging.LogEntry{Text: "hi"},
			enc:  `82 a5 "level" a0 a4 "text" a2 "hi"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got logging.LogEntry
			if err := got.UnmarshalMsg(codectest.Hex(t, tt.in)); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			enc := tt.enc
			if enc == "" {
				enc = tt.in
			}
			if b := codectest.RoundTrip(t, &tt.want); !bytes.Equal(b, codectest.Hex(t, enc)) {
				t.Fatalf("AppendMsg = %x, want %s", b, enc)
			}
		})
	}
}

func TestLogEntryErrors(t *testing.T) {
	for in, wantErr := range map[string]string{
		`81 a5 "level" 01`:       `decode logging.LogEntry field "level": found int, want str`,
		`92 a5 "debug" a1 "x"`:   `decode logging.LogEntry: found array, want map`,
		`81 a4 "text" a8 "a de"`: `decode logging.LogEntry field "text": msgpack data truncated`,
		``:                       `decode logging.LogEntry: empty payload: msgpack data truncated`,
	} {
		var e logging.LogEntry
		if err := e.UnmarshalMsg(codectest.Hex(t, in)); err == nil || err.Error() != wantErr {
			t.Errorf("UnmarshalMsg(%s) err = %v\nwant %s", in, err, wantErr)
		}
	}
}

func FuzzLogEntry(f *testing.F) {
	codectest.Fuzz[logging.LogEntry](f, codectest.Hex(f, `82 a5 "level" a5 "debug" a4 "text" a8 "a debug!"`))
}
