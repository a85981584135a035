//go:build !wasip1

package chatapi_test

import (
	"context"
	"errors"
	"testing"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

func TestCall(t *testing.T) {
	tests := []struct {
		name        string
		req         any
		reply       string
		replyErr    error
		noResp      bool   // call with a nil resp
		wantPayload string // what the called actor receives
		wantInfo    chatapi.RoomInfo
		wantErr     string
	}{
		{name: "request and reply", req: chatapi.RoomRequest{Room: "go"}, reply: `{"name":"go","members":2}`,
			wantPayload: `{"room":"go"}`, wantInfo: chatapi.RoomInfo{Name: "go", Members: 2}},
		{name: "no request", reply: `{"name":"go"}`, wantInfo: chatapi.RoomInfo{Name: "go"}},
		{name: "reply ignored", req: chatapi.RoomRequest{Room: "go"}, reply: `not JSON`, noResp: true, wantPayload: `{"room":"go"}`},
		{name: "no reply ignored", noResp: true},
		{name: "no reply", wantErr: "Rooms.Join answered nothing"},
		{name: "reply not JSON", reply: `{`, wantErr: "decode Rooms.Join reply: unexpected end of JSON input"},
		{name: "request not JSON", req: func() {}, wantErr: "encode Rooms.Join request: json: unsupported type: func()"},
		{name: "call fails", replyErr: errors.New("no room go"), wantErr: "host call chat/rooms Rooms.Join: no room go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls []actortest.Call
			ctx := actortest.WithHost(t.Context(), func(_ context.Context, c actortest.Call) ([]byte, error) {
				calls = append(calls, c)
				return []byte(tt.reply), tt.replyErr
			})
			var info chatapi.RoomInfo
			var resp any = &info
			if tt.noResp {
				resp = nil
			}
			err := chatapi.Call(ctx, chatapi.AliasRooms, chatapi.OpJoin, tt.req, resp)
			if got := errText(err); got != tt.wantErr {
				t.Fatalf("error %q, want %q", got, tt.wantErr)
			}
			if info != tt.wantInfo {
				t.Errorf("reply %+v, want %+v", info, tt.wantInfo)
			}
			if tt.req != nil && tt.wantPayload == "" {
				return // never sent
			}
			if len(calls) != 1 {
				t.Fatalf("%d host calls, want 1", len(calls))
			}
			c := calls[0]
			if c.Binding != "" || c.Namespace != chatapi.AliasRooms || c.Operation != chatapi.OpJoin || string(c.Payload) != tt.wantPayload {
				t.Errorf("host call %+v, want Rooms.Join on chat/rooms with %s", c, tt.wantPayload)
			}
		})
	}
}

func TestUserText(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&actor.HostError{Namespace: "chat/messages", Operation: "Messages.Post", Message: "empty message"}, "empty message"},
		{&actor.HostError{Namespace: "chat/messages", Operation: "Messages.Post",
			Message: "actor chat-messages (MA7RM6HK): Messages.Post: nicks are 1–24 characters"}, "nicks are 1–24 characters"},
		{&actor.HostError{Namespace: "chat/messages", Operation: "Messages.Post",
			Message: "Call alias not found: chat/messages on default"}, "Call alias not found: chat/messages on default"},
		{errors.New("decode Messages.Post reply: eof"), "decode Messages.Post reply: eof"},
	}
	for _, tt := range tests {
		if got := chatapi.UserText(tt.err); got != tt.want {
			t.Errorf("UserText(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
