//go:build !wasip1

package messaging_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/actor/internal/msgtest"
	"github.com/trellis-lattice/trellis/actor/messaging"
)

func TestPublishAndRequest(t *testing.T) {
	tests := []struct {
		name    string
		call    func(ctx context.Context) (any, error)
		link    string
		op      string
		payload string // msgtest.Hex notation
		reply   string
		want    any
	}{
		{
			name: "Publish observed vector",
			call: func(ctx context.Context) (any, error) {
				return nil, messaging.Publish(ctx, "_INBOX.reply1", "", []byte("reply: hi there"))
			},
			link:    "default",
			op:      "Messaging.Publish",
			payload: `82 a7 "subject" ad "_INBOX.reply1" a4 "body" c4 0f "reply: hi there"`,
		},
		{
			name: "Publish with replyTo",
			call: func(ctx context.Context) (any, error) {
				return nil, messaging.Publish(ctx, "a", "b", nil)
			},
			link:    "default",
			op:      "Messaging.Publish",
			payload: `83 a7 "subject" a1 "a" a7 "replyTo" a1 "b" a4 "body" c4 00`,
		},
		{
			name: "Publish on another link",
			call: func(ctx context.Context) (any, error) {
				return nil, messaging.Link("events").Publish(ctx, "a", "", []byte("x"))
			},
			link:    "events",
			op:      "Messaging.Publish",
			payload: `82 a7 "subject" a1 "a" a4 "body" c4 01 "x"`,
		},
		{
			name: "Request",
			call: func(ctx context.Context) (any, error) {
				return messaging.Request(ctx, "svc", []byte("q"), 1500*time.Microsecond)
			},
			link:    "default",
			op:      "Messaging.Request",
			payload: `83 a7 "subject" a3 "svc" a4 "body" c4 01 "q" a9 "timeoutMs" 02`,
			reply:   `82 a7 "subject" a9 "_INBOX.r1" a4 "body" c4 01 "a"`,
			want:    &messaging.ReplyMessage{Subject: "_INBOX.r1", Body: []byte("a")},
		},
		{
			name: "Request on another link",
			call: func(ctx context.Context) (any, error) {
				return messaging.Link("events").Request(ctx, "svc", nil, time.Second)
			},
			link:    "events",
			op:      "Messaging.Request",
			payload: `83 a7 "subject" a3 "svc" a4 "body" c4 00 a9 "timeoutMs" cd 03 e8`,
			reply:   `82 a7 "subject" a1 "s" a4 "body" c4 00`,
			want:    &messaging.ReplyMessage{Subject: "s"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &actortest.Recorder{Reply: func(context.Context, actortest.Call) ([]byte, error) {
				return msgtest.Hex(t, tt.reply), nil
			}}
			got, err := tt.call(actortest.WithHost(t.Context(), rec.Host))
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("result = %#v, want %#v", got, tt.want)
			}
			want := actortest.Call{Binding: tt.link, Namespace: "wasmcloud:messaging", Operation: tt.op, Payload: msgtest.Hex(t, tt.payload)}
			if calls := rec.Calls(); len(calls) != 1 || !reflect.DeepEqual(calls[0], want) {
				t.Errorf("calls = %+v\nwant [%+v]", calls, want)
			}
		})
	}
}

func TestRequestErrors(t *testing.T) {
	ctx := actortest.WithHost(t.Context(), func(context.Context, actortest.Call) ([]byte, error) {
		return nil, errors.New("nats: timeout")
	})
	var he *actor.HostError
	if _, err := messaging.Request(ctx, "svc", nil, time.Second); !errors.As(err, &he) || he.Message != "nats: timeout" {
		t.Errorf("error = %v, want *actor.HostError nats: timeout", err)
	}
	if _, err := messaging.Request(ctx, "svc", nil, -time.Second); err == nil || errors.As(err, &he) {
		t.Errorf("negative timeout: error = %v, want a local error", err)
	}
}

// received is what the registered subscriber saw last; fail makes it fail.
var (
	received *messaging.SubMessage
	fail     error
)

func init() {
	messaging.HandleMessage(func(_ context.Context, msg *messaging.SubMessage) error {
		received = msg
		return fail
	})
}

func TestHandleMessage(t *testing.T) {
	replyTo := "_INBOX.x"
	tests := []struct {
		name    string
		payload string
		fail    error
		want    *messaging.SubMessage
		wantErr string
	}{
		{
			name:    "with reply subject",
			payload: `83 a7 "subject" a4 "chat" a7 "replyTo" a8 "_INBOX.x" a4 "body" c4 02 "hi"`,
			want:    &messaging.SubMessage{Subject: "chat", ReplyTo: &replyTo, Body: []byte("hi")},
		},
		{
			name:    "without reply subject",
			payload: `82 a7 "subject" a4 "chat" a4 "body" c4 00`,
			want:    &messaging.SubMessage{Subject: "chat"},
		},
		{
			name:    "handler error",
			payload: `82 a7 "subject" a4 "chat" a4 "body" c4 00`,
			fail:    errors.New("cannot handle"),
			wantErr: "cannot handle",
		},
		{
			name:    "undecodable",
			payload: `c3`,
			wantErr: "MessageSubscriber.HandleMessage: decode messaging.SubMessage: found bool, want map",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			received, fail = nil, tt.fail
			got, err := actortest.Invoke(t.Context(), "MessageSubscriber.HandleMessage", msgtest.Hex(t, tt.payload))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(got) != 0 {
				t.Fatalf("Invoke = %x, %v; want 0 bytes, nil", got, err)
			}
			if !reflect.DeepEqual(received, tt.want) {
				t.Errorf("handler saw %+v, want %+v", received, tt.want)
			}
		})
	}
}
