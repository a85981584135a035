package telnet_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/contract/internal/codectest"
	"github.com/trellis-lattice/trellis/contract/telnet"
)

// message is the method set shared by every telnet structure.
type message interface {
	AppendMsg(b []byte) []byte
	UnmarshalMsg(b []byte) error
}

func TestEncode(t *testing.T) {
	tests := []struct {
		name string
		msg  message
		want string
	}{
		{
			name: "SessionStarted",
			msg:  &telnet.SessionStarted{Session: "i-1", RemoteAddr: "127.0.0.1:5000"},
			want: `82 a7 "session" a3 "i-1" aa "remoteAddr" ae "127.0.0.1:5000"`,
		},
		{
			name: "TextMessage",
			msg:  &telnet.TextMessage{Session: "i-1", Text: "hello"},
			want: `82 a7 "session" a3 "i-1" a4 "text" a5 "hello"`,
		},
		{
			name: "TextMessage empty text is written",
			msg:  &telnet.TextMessage{Session: "s"},
			want: `82 a7 "session" a1 "s" a4 "text" a0`,
		},
		{
			name: "SessionEnded",
			msg:  &telnet.SessionEnded{Session: "s", Reason: "idle timeout"},
			want: `82 a7 "session" a1 "s" a6 "reason" ac "idle timeout"`,
		},
		{
			name: "long text uses str8",
			msg:  &telnet.TextMessage{Session: "s", Text: "0123456789abcdef0123456789abcdef"},
			want: `82 a7 "session" a1 "s" a4 "text" d9 20 "0123456789abcdef0123456789abcdef"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := codectest.Hex(t, tt.want)
			if got := tt.msg.AppendMsg(nil); !bytes.Equal(got, want) {
				t.Fatalf("AppendMsg = %x\nwant %x", got, want)
			}
			back := reflect.New(reflect.TypeOf(tt.msg).Elem()).Interface().(message)
			if err := back.UnmarshalMsg(want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, tt.msg) {
				t.Fatalf("UnmarshalMsg = %+v, want %+v", back, tt.msg)
			}
		})
	}
}

func TestDecodeTolerance(t *testing.T) {
	tests := []struct {
		name string
		in   string
		msg  message
		want message
	}{
		{
			name: "other order, unknown key skipped",
			in:   `83 a4 "text" a2 "hi" a5 "extra" 92 01 c0 a7 "session" a1 "s"`,
			msg:  &telnet.TextMessage{}, want: &telnet.TextMessage{Session: "s", Text: "hi"},
		},
		{
			name: "missing members default to empty",
			in:   `80`,
			msg:  &telnet.SessionEnded{Reason: "stale"}, want: &telnet.SessionEnded{},
		},
		{
			name: "text as bin",
			in:   `82 a7 "session" a1 "s" a4 "text" c4 02 "hi"`,
			msg:  &telnet.TextMessage{}, want: &telnet.TextMessage{Session: "s", Text: "hi"},
		},
		{
			name: "snake_case remote_addr ignored",
			in:   `82 a7 "session" a1 "s" ab "remote_addr" a1 "x"`,
			msg:  &telnet.SessionStarted{}, want: &telnet.SessionStarted{Session: "s"},
		},
		{
			name: "another structure's member ignored",
			in:   `82 a7 "session" a1 "s" a4 "text" a1 "x"`,
			msg:  &telnet.SessionEnded{}, want: &telnet.SessionEnded{Session: "s"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.msg.UnmarshalMsg(codectest.Hex(t, tt.in)); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tt.msg, tt.want) {
				t.Fatalf("got %+v, want %+v", tt.msg, tt.want)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
		msg               message
	}{
		{
			name: "session int", msg: &telnet.TextMessage{},
			in:      `81 a7 "session" 01`,
			wantErr: `decode telnet.TextMessage field "session": found int, want str`,
		},
		{
			name: "text truncated", msg: &telnet.TextMessage{},
			in:      `81 a4 "text" a5 "hi"`,
			wantErr: `decode telnet.TextMessage field "text": msgpack data truncated`,
		},
		{
			name: "not a map", msg: &telnet.SessionStarted{},
			in:      `a1 "s"`,
			wantErr: `decode telnet.SessionStarted: found str, want map`,
		},
		{
			name: "empty payload", msg: &telnet.SessionEnded{},
			in:      ``,
			wantErr: `decode telnet.SessionEnded: empty payload: msgpack data truncated`,
		},
		{
			name: "trailing bytes", msg: &telnet.SessionEnded{},
			in:      `80 c0`,
			wantErr: `decode telnet.SessionEnded: trailing bytes after msgpack value (1 bytes)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.msg.UnmarshalMsg(codectest.Hex(t, tt.in)); err == nil || err.Error() != tt.wantErr {
				t.Fatalf("err = %v\nwant %s", err, tt.wantErr)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	codectest.RoundTrip(t, &telnet.SessionStarted{Session: "a", RemoteAddr: "[::1]:23"})
	codectest.RoundTrip(t, &telnet.TextMessage{Session: "a", Text: string(make([]byte, 70000))})
	codectest.RoundTrip(t, &telnet.SessionEnded{})
}

func TestNotConnectedError(t *testing.T) {
	var err error = &telnet.NotConnectedError{Session: "x-1"}
	if got, want := err.Error(), "session x-1 is not connected"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func FuzzSessionStarted(f *testing.F) {
	codectest.Fuzz[telnet.SessionStarted](f, codectest.Hex(f, `82 a7 "session" a3 "i-1" aa "remoteAddr" ae "127.0.0.1:5000"`))
}

func FuzzTextMessage(f *testing.F) {
	codectest.Fuzz[telnet.TextMessage](f,
		codectest.Hex(f, `82 a7 "session" a3 "i-1" a4 "text" a5 "hello"`),
		codectest.Hex(f, `83 a4 "text" a2 "hi" a5 "extra" 92 01 c0 a7 "session" a1 "s"`))
}

func FuzzSessionEnded(f *testing.F) {
	codectest.Fuzz[telnet.SessionEnded](f, codectest.Hex(f, `82 a7 "session" a1 "s" a6 "reason" ac "idle timeout"`))
}
