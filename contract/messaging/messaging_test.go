package messaging_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/contract/internal/codectest"
	"github.com/trellis-lattice/trellis/contract/messaging"
)

// message is the method set shared by every messaging structure.
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
			name: "observed Publish, replyTo left out (§3.3.5)",
			msg:  &messaging.PubMessage{Subject: "_INBOX.reply1", Body: []byte("reply: hi there")},
			want: `82 a7 "subject" ad "_INBOX.reply1" a4 "body" c4 0f "reply: hi there"`,
		},
		{
			name: "Publish with replyTo",
			msg:  &messaging.PubMessage{Subject: "s", ReplyTo: new("r"), Body: []byte("x")},
			want: `83 a7 "subject" a1 "s" a7 "replyTo" a1 "r" a4 "body" c4 01 "x"`,
		},
		{
			name: "Publish with empty replyTo is present",
			msg:  &messaging.PubMessage{Subject: "s", ReplyTo: new("")},
			want: `83 a7 "subject" a1 "s" a7 "replyTo" a0 a4 "body" c4 00`,
		},
		{
			name: "Request",
			msg:  &messaging.RequestMessage{Subject: "s", Body: []byte("q"), TimeoutMs: 1000},
			want: `83 a7 "subject" a1 "s" a4 "body" c4 01 "q" a9 "timeoutMs" cd 03 e8`,
		},
		{
			name: "Reply",
			msg:  &messaging.ReplyMessage{Subject: "s", Body: []byte("a")},
			want: `82 a7 "subject" a1 "s" a4 "body" c4 01 "a"`,
		},
		{
			name: "Sub",
			msg:  &messaging.SubMessage{Subject: "s", ReplyTo: new("_INBOX.1"), Body: []byte("hi")},
			want: `83 a7 "subject" a1 "s" a7 "replyTo" a8 "_INBOX.1" a4 "body" c4 02 "hi"`,
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
			name: "Sub other order, nil replyTo, body as str",
			in:   `83 a4 "body" a2 "hi" a7 "replyTo" c0 a7 "subject" a1 "s"`,
			msg:  &messaging.SubMessage{}, want: &messaging.SubMessage{Subject: "s", Body: []byte("hi")},
		},
		{
			name: "Sub snake_case reply_to ignored, body as int array",
			in:   `83 a7 "subject" a1 "s" a8 "reply_to" a1 "r" a4 "body" 92 68 69`,
			msg:  &messaging.SubMessage{}, want: &messaging.SubMessage{Subject: "s", Body: []byte("hi")},
		},
		{
			name: "Request timeout as uint32",
			in:   `81 a9 "timeoutMs" ce 00 00 03 e8`,
			msg:  &messaging.RequestMessage{}, want: &messaging.RequestMessage{TimeoutMs: 1000},
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
			name: "timeout float", msg: &messaging.RequestMessage{},
			in:      `81 a9 "timeoutMs" ca 44 7a 00 00`,
			wantErr: `decode messaging.RequestMessage field "timeoutMs": found float32, want u32`,
		},
		{
			name: "timeout overflow", msg: &messaging.RequestMessage{},
			in:      `81 a9 "timeoutMs" cf 00 00 00 01 00 00 00 00`,
			wantErr: `decode messaging.RequestMessage field "timeoutMs": integer 4294967296 out of range for u32`,
		},
		{
			name: "replyTo int", msg: &messaging.PubMessage{},
			in:      `81 a7 "replyTo" 01`,
			wantErr: `decode messaging.PubMessage field "replyTo": found int, want str`,
		},
		{
			name: "body truncated", msg: &messaging.ReplyMessage{},
			in:      `81 a4 "body" c4 0f "reply"`,
			wantErr: `decode messaging.ReplyMessage field "body": msgpack data truncated`,
		},
		{
			name: "empty payload", msg: &messaging.SubMessage{},
			in:      ``,
			wantErr: `decode messaging.SubMessage: empty payload: msgpack data truncated`,
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
	codectest.RoundTrip(t, &messaging.PubMessage{Subject: "a.b", ReplyTo: new("c"), Body: make([]byte, 70000)})
	codectest.RoundTrip(t, &messaging.RequestMessage{Subject: "a", Body: []byte{0}, TimeoutMs: 1<<32 - 1})
	codectest.RoundTrip(t, &messaging.ReplyMessage{Subject: "a", ReplyTo: new("")})
	codectest.RoundTrip(t, &messaging.SubMessage{Subject: "a", Body: []byte("x")})
}

func FuzzPubMessage(f *testing.F) {
	codectest.Fuzz[messaging.PubMessage](f, codectest.Hex(f, `82 a7 "subject" ad "_INBOX.reply1" a4 "body" c4 0f "reply: hi there"`))
}

func FuzzRequestMessage(f *testing.F) {
	codectest.Fuzz[messaging.RequestMessage](f, codectest.Hex(f, `83 a7 "subject" a1 "s" a4 "body" c4 01 "q" a9 "timeoutMs" cd 03 e8`))
}

func FuzzReplyMessage(f *testing.F) {
	codectest.Fuzz[messaging.ReplyMessage](f, codectest.Hex(f, `83 a7 "subject" a1 "s" a7 "replyTo" a1 "r" a4 "body" c4 01 "x"`))
}

func FuzzSubMessage(f *testing.F) {
	codectest.Fuzz[messaging.SubMessage](f, codectest.Hex(f, `83 a4 "body" a2 "hi" a7 "replyTo" c0 a7 "subject" a1 "s"`))
}
