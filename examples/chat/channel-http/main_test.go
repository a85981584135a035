//go:build !wasip1

package main

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

var stored = chatapi.Message{ID: "go-3", Seq: 3, Room: "go", Nick: "web", Text: "hi", Channel: chatapi.ChannelHTTP,
	Time: time.Date(2026, 11, 23, 19, 0, 0, 0, time.UTC)}

// fakeBackend answers the rooms and messages actors: rooms "go" (with stored in its history)
// and the empty "quiet". fail makes an operation fail with the given error.
func fakeBackend(t *testing.T, fail map[string]error) actortest.HostFunc {
	return func(_ context.Context, c actortest.Call) ([]byte, error) {
		if c.Binding != "" {
			t.Errorf("call %s with binding %q", c.Operation, c.Binding)
		}
		if err := fail[c.Operation]; err != nil {
			return nil, err
		}
		var out any
		switch c.Namespace + " " + c.Operation {
		case chatapi.AliasRooms + " " + chatapi.OpList:
			out = []chatapi.RoomInfo{{Name: "go", Members: 2}, {Name: "quiet"}}
		case chatapi.AliasMessages + " " + chatapi.OpHistory:
			var r chatapi.HistoryRequest
			if err := json.Unmarshal(c.Payload, &r); err != nil {
				t.Fatal(err)
			}
			if r.Room == "go" || r.Room == "orphan" {
				out = []chatapi.Message{stored}
			}
			if r.Limit != 0 && r.Limit != 5 {
				t.Errorf("limit %d", r.Limit)
			}
		case chatapi.AliasMessages + " " + chatapi.OpPost:
			var p chatapi.PostRequest
			if err := json.Unmarshal(c.Payload, &p); err != nil {
				t.Fatal(err)
			}
			want := chatapi.PostRequest{Room: "go", Nick: "web", Text: "hi", Channel: chatapi.ChannelHTTP}
			if p != want {
				t.Errorf("post %+v, want %+v", p, want)
			}
			out = stored
		default:
			t.Errorf("unexpected call %+v", c)
			return nil, errors.New("Call alias not found: " + c.Namespace + " on default")
		}
		return json.Marshal(out)
	}
}

func TestRoutes(t *testing.T) {
	storedJSON, _ := json.Marshal(stored)
	unavailable := errors.New("Call alias not found: chat/messages on default")
	tests := []struct {
		name, method, path, query, body string
		fail                            map[string]error
		wantStatus                      uint16
		wantBody                        string // exact, or a prefix when it ends with "…"
		wantAllow                       string
	}{
		{name: "health", method: "GET", path: "/health", wantStatus: 200, wantBody: `{"ok":true}`},
		{name: "rooms", method: "GET", path: "/rooms", wantStatus: 200, wantBody: `[{"name":"go","members":2},{"name":"quiet","members":0}]`},
		{name: "rooms trailing slash", method: "GET", path: "/rooms/", wantStatus: 200, wantBody: `[{"name":"go","members":2},{"name":"quiet","members":0}]`},
		{name: "rooms down", method: "GET", path: "/rooms", fail: map[string]error{chatapi.OpList: errors.New("Call alias not found: chat/rooms on default")},
			wantStatus: 503, wantBody: `{"error":"chat/rooms is unavailable: Call alias not found: chat/rooms on default"}`},
		{name: "rooms fail", method: "GET", path: "/rooms", fail: map[string]error{chatapi.OpList: errors.New("store: disk full")},
			wantStatus: 500, wantBody: `{"error":"store: disk full"}`},
		{name: "rooms wrong method", method: "DELETE", path: "/rooms", wantStatus: 405, wantAllow: "GET",
			wantBody: `{"error":"method DELETE is not allowed on /rooms"}`},
		{name: "history", method: "GET", path: "/rooms/go/messages", wantStatus: 200, wantBody: "[" + string(storedJSON) + "]"},
		{name: "history limit", method: "GET", path: "/rooms/go/messages", query: "limit=5", wantStatus: 200, wantBody: "[" + string(storedJSON) + "]"},
		{name: "history of an empty room", method: "GET", path: "/rooms/quiet/messages", wantStatus: 200, wantBody: `[]`},
		{name: "history of a room with messages only", method: "GET", path: "/rooms/orphan/messages", wantStatus: 200, wantBody: "[" + string(storedJSON) + "]"},
		{name: "history unknown room", method: "GET", path: "/rooms/x/messages", wantStatus: 404, wantBody: `{"error":"no room x"}`},
		{name: "history unknown room per messages", method: "GET", path: "/rooms/x/messages", fail: map[string]error{chatapi.OpHistory: errors.New("no room x")},
			wantStatus: 404, wantBody: `{"error":"no room x"}`},
		{name: "history unknown room, as the host wraps it", method: "GET", path: "/rooms/x/messages",
			fail:       map[string]error{chatapi.OpHistory: errors.New("actor chat-messages (MA7RM6HK): Messages.History: no room x")},
			wantStatus: 404, wantBody: `{"error":"no room x"}`},
		{name: "history invalid room", method: "GET", path: "/rooms/Go!/messages", wantStatus: 400, wantBody: `{"error":"` + chatapi.ValidRoom("Go!") + `"}`},
		{name: "history bad limit", method: "GET", path: "/rooms/go/messages", query: "limit=0", wantStatus: 400,
			wantBody: `{"error":"limit must be a whole number from 1 to 200"}`},
		{name: "history limit too big", method: "GET", path: "/rooms/go/messages", query: "limit=201", wantStatus: 400,
			wantBody: `{"error":"limit must be a whole number from 1 to 200"}`},
		{name: "history limit not a number", method: "GET", path: "/rooms/go/messages", query: "limit=ten", wantStatus: 400,
			wantBody: `{"error":"limit must be a whole number from 1 to 200"}`},
		{name: "history messages down", method: "GET", path: "/rooms/go/messages", fail: map[string]error{chatapi.OpHistory: unavailable},
			wantStatus: 503, wantBody: `{"error":"chat/messages is unavailable: Call alias not found: chat/messages on default"}`},
		{name: "history of a room rooms knows but messages does not", method: "GET", path: "/rooms/quiet/messages",
			fail: map[string]error{chatapi.OpHistory: errors.New("no room quiet")}, wantStatus: 200, wantBody: `[]`},
		{name: "history unknown room, rooms down", method: "GET", path: "/rooms/x/messages",
			fail:       map[string]error{chatapi.OpHistory: errors.New("no room x"), chatapi.OpList: errors.New("rpc timeout")},
			wantStatus: 404, wantBody: `{"error":"no room x"}`},
		{name: "history store down", method: "GET", path: "/rooms/go/messages",
			fail:       map[string]error{chatapi.OpHistory: errors.New("read the history of go: the chat store is unavailable, try again later: nats: timeout")},
			wantStatus: 503, wantBody: `{"error":"chat/messages is unavailable: read the history of go: the chat store is unavailable, try again later: nats: timeout"}`},
		{name: "history fails", method: "GET", path: "/rooms/go/messages", fail: map[string]error{chatapi.OpHistory: errors.New("corrupt record")},
			wantStatus: 500, wantBody: `{"error":"corrupt record"}`},
		{name: "post", method: "POST", path: "/rooms/go/messages", body: `{"nick":"web","text":"hi"}`, wantStatus: 201, wantBody: string(storedJSON)},
		{name: "post empty body", method: "POST", path: "/rooms/go/messages", wantStatus: 400,
			wantBody: `{"error":"the request body is empty; send {\"nick\":\"…\",\"text\":\"…\"}"}`},
		{name: "post malformed", method: "POST", path: "/rooms/go/messages", body: `{"nick":"web",`, wantStatus: 400,
			wantBody: `{"error":"malformed JSON body: unexpected EOF…`},
		{name: "post wrong type", method: "POST", path: "/rooms/go/messages", body: `{"nick":1,"text":"hi"}`, wantStatus: 400,
			wantBody: `{"error":"malformed JSON body: json: cannot unmarshal number…`},
		{name: "post trailing data", method: "POST", path: "/rooms/go/messages", body: `{"nick":"web","text":"hi"} {}`, wantStatus: 400,
			wantBody: `{"error":"malformed JSON body: data after the object…`},
		{name: "post bad nick", method: "POST", path: "/rooms/go/messages", body: `{"nick":"a b","text":"hi"}`, wantStatus: 400,
			wantBody: `{"error":"` + chatapi.ValidNick("a b") + `"}`},
		{name: "post empty text", method: "POST", path: "/rooms/go/messages", body: `{"nick":"web","text":"  "}`, wantStatus: 400,
			wantBody: `{"error":"text is empty…`},
		{name: "post long text", method: "POST", path: "/rooms/go/messages", body: `{"nick":"web","text":"` + strings.Repeat("x", 1001) + `"}`,
			wantStatus: 400, wantBody: `{"error":"text is 1001 bytes; the most is 1000"}`},
		{name: "post invalid room", method: "POST", path: "/rooms/a.b/messages", body: `{"nick":"web","text":"hi"}`, wantStatus: 400,
			wantBody: `{"error":"` + chatapi.ValidRoom("a.b") + `"}`},
		{name: "post refused", method: "POST", path: "/rooms/go/messages", body: `{"nick":"web","text":"hi"}`,
			fail: map[string]error{chatapi.OpPost: errors.New("slow down: 5 messages a second at most")}, wantStatus: 400,
			wantBody: `{"error":"slow down: 5 messages a second at most"}`},
		{name: "post refused, as the host wraps it", method: "POST", path: "/rooms/go/messages", body: `{"nick":"web","text":"hi"}`,
			fail: map[string]error{chatapi.OpPost: errors.New("actor chat-messages (MA7RM6HK): Messages.Post: message is not valid UTF-8 text")}, wantStatus: 400,
			wantBody: `{"error":"message is not valid UTF-8 text"}`},
		{name: "post messages down", method: "POST", path: "/rooms/go/messages", body: `{"nick":"web","text":"hi"}`,
			fail: map[string]error{chatapi.OpPost: errors.New("actor MABC: actor is not running on this host")}, wantStatus: 503,
			wantBody: `{"error":"chat/messages is unavailable: actor MABC: actor is not running on this host"}`},
		{name: "messages wrong method", method: "PUT", path: "/rooms/go/messages", wantStatus: 405, wantAllow: "GET, POST",
			wantBody: `{"error":"method PUT is not allowed on /rooms/go/messages"}`},
		{name: "unknown path", method: "GET", path: "/nope", wantStatus: 404, wantBody: `{"error":"no such path /nope: try GET /rooms"}`},
		{name: "unknown room path", method: "GET", path: "/rooms/go", wantStatus: 404, wantBody: `{"error":"no such path /rooms/go: try GET /rooms"}`},
		{name: "root", method: "GET", path: "/", wantStatus: 404, wantBody: `{"error":"no such path /: try GET /rooms"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := actortest.WithHost(t.Context(), fakeBackend(t, tt.fail))
			req := httpserver.Request{Method: tt.method, Path: tt.path, QueryString: tt.query, Header: httpserver.Header{}}
			if tt.body != "" {
				req.Body = []byte(tt.body)
			}
			out, err := actortest.Invoke(ctx, httpserver.OpHandleRequest, req.AppendMsg(nil))
			if err != nil {
				t.Fatal(err)
			}
			var resp httpserver.Response
			if err := resp.UnmarshalMsg(out); err != nil {
				t.Fatal(err)
			}
			body := string(resp.Body)
			if prefix, ok := strings.CutSuffix(tt.wantBody, "…"); ok && strings.HasPrefix(body, prefix) {
				body = tt.wantBody
			}
			if resp.StatusCode != tt.wantStatus || body != tt.wantBody {
				t.Errorf("response %d %s\nwant     %d %s", resp.StatusCode, resp.Body, tt.wantStatus, tt.wantBody)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if got := resp.Header.Get("Allow"); got != tt.wantAllow {
				t.Errorf("Allow %q, want %q", got, tt.wantAllow)
			}
			if !json.Valid(resp.Body) {
				t.Errorf("body is not JSON: %s", resp.Body)
			}
		})
	}
}

func TestBackendErrorNotHostError(t *testing.T) {
	tests := []struct {
		err        error
		wantStatus uint16
	}{
		{context.Canceled, 503},
		{errors.New("decode Rooms.List reply: bad"), 500},
	}
	for _, tt := range tests {
		if got := backendError(tt.err, 400); got.StatusCode != tt.wantStatus {
			t.Errorf("backendError(%v) = %d, want %d", tt.err, got.StatusCode, tt.wantStatus)
		}
	}
}

func TestParseLimit(t *testing.T) {
	tests := []struct {
		query   string
		want    int
		wantErr bool
	}{
		{"", 0, false}, {"limit=1", 1, false}, {"limit=200", 200, false}, {"x=1&limit=7", 7, false},
		{"limit=-1", 0, true}, {"limit=1.5", 0, true}, {"limit=%zz", 0, true},
	}
	for _, tt := range tests {
		got, msg := parseLimit(tt.query)
		if got != tt.want || (msg != "") != tt.wantErr {
			t.Errorf("parseLimit(%q) = %d, %q", tt.query, got, msg)
		}
	}
}
