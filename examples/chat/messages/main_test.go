//go:build !wasip1

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
	"github.com/trellis-lattice/trellis/examples/chat/internal/chattest"
)

// newChat returns a fake host with the other chat actors deployed: rooms answers Rooms.Members
// with members (JSON), channel-telnet and channel-nats accept every delivery.
func newChat(members string) *chattest.Host {
	h := chattest.NewHost()
	h.Actors[chatapi.AliasRooms] = func(op string, _ []byte) ([]byte, error) {
		if op != chatapi.OpMembers {
			return nil, fmt.Errorf("%s: No handler registered", op)
		}
		return []byte(members), nil
	}
	accept := func(string, []byte) ([]byte, error) { return nil, nil }
	h.Actors[chatapi.AliasTelnet] = accept
	h.Actors[chatapi.AliasNATS] = accept
	return h
}

func postReq(room, nick, text string) chatapi.PostRequest {
	return chatapi.PostRequest{Room: room, Nick: nick, Text: text, Channel: chatapi.ChannelTelnet, Session: "t1"}
}

func TestPostValidation(t *testing.T) {
	tests := []struct {
		name string
		req  any // a PostRequest, or a raw payload string
		err  string
	}{
		{name: "room upper case", req: postReq("Lobby", "alice", "hi"), err: chattest.BadRoom},
		{name: "room empty", req: postReq("", "alice", "hi"), err: chattest.BadRoom},
		{name: "nick empty", req: postReq("lobby", "", "hi"), err: chattest.BadNick},
		{name: "nick with space", req: postReq("lobby", "al ice", "hi"), err: chattest.BadNick},
		{name: "text empty", req: postReq("lobby", "alice", ""), err: "empty message"},
		{name: "text blank", req: postReq("lobby", "alice", " \t\r\n "), err: "empty message"},
		{name: "text too long", req: postReq("lobby", "alice", strings.Repeat("x", 1001)), err: "message too long: 1001 bytes, at most 1000"},
		{name: "text too long in bytes", req: postReq("lobby", "alice", strings.Repeat("é", 501)), err: "message too long: 1002 bytes, at most 1000"},
		{name: "text not UTF-8", req: `{"room":"lobby","nick":"alice","text":"caf` + "\xe9" + `","channel":"telnet"}`, err: "message is not valid UTF-8 text: set your client to UTF-8"},
		{name: "channel unknown", req: chatapi.PostRequest{Room: "lobby", Nick: "alice", Text: "hi", Channel: "irc"}, err: `unknown channel "irc": messages come from telnet, http or nats`},
		{name: "channel empty", req: chatapi.PostRequest{Room: "lobby", Nick: "alice", Text: "hi"}, err: `unknown channel "": messages come from telnet, http or nats`},
		{name: "not JSON", req: `[1]`, err: "Messages.Post: the request is not valid JSON: json: cannot unmarshal array into Go value of type chatapi.PostRequest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newChat(`[]`)
			_, err := chattest.Invoke(h.Context(t), chatapi.OpPost, tt.req)
			if err == nil || err.Error() != tt.err {
				t.Errorf("error %v, want %q", err, tt.err)
			}
			if calls := h.ActorCalls(); len(calls) != 0 || len(h.Set(roomsKey)) != 0 {
				t.Errorf("a rejected post reached the store or other actors: %v", calls)
			}
		})
	}
}

// TestValidPost covers what a JSON payload cannot carry: invalid UTF-8 inside a Go string.
func TestValidPost(t *testing.T) {
	tests := []struct {
		text, want, err string
	}{
		{text: "  hello  ", want: "hello"},
		{text: strings.Repeat("x", 1000), want: strings.Repeat("x", 1000)},
		{text: " " + strings.Repeat("x", 1000) + "\n", want: strings.Repeat("x", 1000)},
		{text: "caf\xe9", err: "message is not valid UTF-8 text: set your client to UTF-8"},
		{text: "\xff\xfe", err: "message is not valid UTF-8 text: set your client to UTF-8"},
	}
	for _, tt := range tests {
		got, err := validPost(postReq("lobby", "alice", tt.text))
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("validPost(%q) error %v, want %q", tt.text, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("validPost(%q) = %q, %v; want %q", tt.text, got, err, tt.want)
		}
	}
}

// TestPostSeq: each room numbers its messages 1, 2, …; the reply is the message as stored.
func TestPostSeq(t *testing.T) {
	h := newChat(`[]`)
	ctx := h.Context(t)
	posts := []struct {
		room, text       string
		wantID, wantText string
		wantSeq          int64
	}{
		{room: "lobby", text: "hello", wantID: "lobby-1", wantSeq: 1, wantText: "hello"},
		{room: "lobby", text: "  again\n", wantID: "lobby-2", wantSeq: 2, wantText: "again"},
		{room: "dev", text: "other room", wantID: "dev-1", wantSeq: 1, wantText: "other room"},
		{room: "lobby", text: "third", wantID: "lobby-3", wantSeq: 3, wantText: "third"},
	}
	for _, p := range posts {
		before := time.Now()
		out, err := chattest.Invoke(ctx, chatapi.OpPost, chatapi.PostRequest{Room: p.room, Nick: "alice", Text: p.text, Channel: chatapi.ChannelHTTP})
		after := time.Now()
		if err != nil {
			t.Fatal(err)
		}
		var m chatapi.Message
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatal(err)
		}
		if m.ID != p.wantID || m.Seq != p.wantSeq || m.Room != p.room || m.Nick != "alice" || m.Text != p.wantText || m.Channel != "http" {
			t.Errorf("posted %+v, want id %s seq %d text %q", m, p.wantID, p.wantSeq, p.wantText)
		}
		if m.Time.Location() != time.UTC || m.Time.Before(before) || m.Time.After(after) {
			t.Errorf("time %v, want UTC between %v and %v", m.Time, before, after)
		}
		if last := h.List(historyPrefix + p.room); len(last) == 0 || last[len(last)-1] != out {
			t.Errorf("history of %s ends with %v, want the reply %s", p.room, last, out)
		}
	}
	if got := h.Set(roomsKey); !slices.Equal(got, []string{"dev", "lobby"}) {
		t.Errorf("chat:rooms = %q, want [dev lobby]", got)
	}
}

func TestHistory(t *testing.T) {
	tests := []struct {
		name          string
		posts, limit  int
		first, last   int64 // seqs History returns
		wantStored    int
		wantStoredOld int64 // seq of the oldest stored message
	}{
		{name: "few", posts: 3, first: 1, last: 3, wantStored: 3, wantStoredOld: 1},
		{name: "few with limit", posts: 3, limit: 2, first: 2, last: 3, wantStored: 3, wantStoredOld: 1},
		{name: "limit above count", posts: 3, limit: 50, first: 1, last: 3, wantStored: 3, wantStoredOld: 1},
		{name: "exactly full", posts: 200, first: 1, last: 200, wantStored: 200, wantStoredOld: 1},
		{name: "trimmed", posts: 205, first: 6, last: 205, wantStored: 200, wantStoredOld: 6},
		{name: "trimmed with limit", posts: 205, limit: 10, first: 196, last: 205, wantStored: 200, wantStoredOld: 6},
		{name: "limit above max", posts: 205, limit: 1000, first: 6, last: 205, wantStored: 200, wantStoredOld: 6},
		{name: "negative limit", posts: 201, limit: -1, first: 2, last: 201, wantStored: 200, wantStoredOld: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newChat(`[]`)
			ctx := h.Context(t)
			for i := range tt.posts {
				if _, err := chattest.Invoke(ctx, chatapi.OpPost, postReq("lobby", "alice", fmt.Sprint("message ", i+1))); err != nil {
					t.Fatal(err)
				}
			}
			stored := h.List(historyPrefix + "lobby")
			var oldest chatapi.Message
			if err := json.Unmarshal([]byte(stored[0]), &oldest); err != nil {
				t.Fatal(err)
			}
			if len(stored) != tt.wantStored || oldest.Seq != tt.wantStoredOld {
				t.Errorf("stored %d messages from seq %d, want %d from %d", len(stored), oldest.Seq, tt.wantStored, tt.wantStoredOld)
			}
			out, err := chattest.Invoke(ctx, chatapi.OpHistory, chatapi.HistoryRequest{Room: "lobby", Limit: tt.limit})
			if err != nil {
				t.Fatal(err)
			}
			var msgs []chatapi.Message
			if err := json.Unmarshal([]byte(out), &msgs); err != nil {
				t.Fatal(err)
			}
			if want := int(tt.last - tt.first + 1); len(msgs) != want {
				t.Fatalf("History returned %d messages, want %d", len(msgs), want)
			}
			for i, m := range msgs {
				seq := tt.first + int64(i)
				if m.Seq != seq || m.ID != fmt.Sprint("lobby-", seq) || m.Text != fmt.Sprint("message ", seq) {
					t.Fatalf("message %d = %+v, want seq %d", i, m, seq)
				}
			}
		})
	}
}

func TestHistoryErrors(t *testing.T) {
	tests := []struct {
		name  string
		req   any
		want  string
		err   string
		rooms []string // chat:rooms before the call
	}{
		{name: "unknown room", req: chatapi.HistoryRequest{Room: "nowhere"}, err: "no room nowhere"},
		{name: "bad room", req: chatapi.HistoryRequest{Room: "No Where"}, err: chattest.BadRoom},
		{name: "not JSON", req: `"lobby"`, err: "Messages.History: the request is not valid JSON: json: cannot unmarshal string into Go value of type chatapi.HistoryRequest"},
		{name: "room without messages", req: chatapi.HistoryRequest{Room: "quiet"}, rooms: []string{"quiet"}, want: `[]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newChat(`[]`)
			h.PutSet(roomsKey, tt.rooms)
			got, err := chattest.Invoke(h.Context(t), chatapi.OpHistory, tt.req)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Errorf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("History = %s, %v; want %s", got, err, tt.want)
			}
		})
	}
}

// delivered is an actor call as the fan-out test compares it.
type delivered struct {
	alias, op string
	sessions  []string // of a Chat.Deliver
}

func TestFanOut(t *testing.T) {
	const (
		alice = `{"channel":"telnet","session":"t1","nick":"alice"}`
		bob   = `{"channel":"http","session":"h1","nick":"bob"}`
		carol = `{"channel":"telnet","session":"t2","nick":"carol"}`
		dave  = `{"channel":"nats","session":"n1","nick":"dave"}`
	)
	members := delivered{alias: chatapi.AliasRooms, op: chatapi.OpMembers}
	nats := delivered{alias: chatapi.AliasNATS, op: chatapi.OpDeliver}
	tests := []struct {
		name       string
		members    string // Rooms.Members reply
		roomsErr   error  // or its failure
		noRooms    bool   // rooms not deployed
		telnetErr  error
		noNATS     bool   // channel-nats not deployed
		origin     string // the post's channel; http when empty
		want       []delivered
		wantLevels []string // levels of the lines logged
	}{
		{
			name: "telnet sessions only", members: "[" + alice + "," + bob + "," + carol + "," + dave + "]",
			want: []delivered{members, {alias: chatapi.AliasTelnet, op: chatapi.OpDeliver, sessions: []string{"t1", "t2"}}, nats},
		},
		{name: "no telnet members", members: "[" + bob + "," + dave + "]", want: []delivered{members, nats}},
		{name: "no members", members: `[]`, want: []delivered{members, nats}},
		{name: "room unknown to rooms", roomsErr: errors.New("no room lobby"), want: []delivered{members, nats}},
		{name: "rooms not deployed", noRooms: true, want: []delivered{members, nats}, wantLevels: []string{"warn"}},
		{name: "rooms reply not JSON", members: `{`, want: []delivered{members, nats}, wantLevels: []string{"warn"}},
		{
			name: "channel-nats not deployed", members: "[" + alice + "]", noNATS: true,
			want:       []delivered{members, {alias: chatapi.AliasTelnet, op: chatapi.OpDeliver, sessions: []string{"t1"}}, nats},
			wantLevels: []string{"debug"},
		},
		{
			name: "channel-telnet fails", members: "[" + alice + "]", telnetErr: errors.New("telnet provider down"),
			want:       []delivered{members, {alias: chatapi.AliasTelnet, op: chatapi.OpDeliver, sessions: []string{"t1"}}, nats},
			wantLevels: []string{"warn"},
		},
		// The writer's channel delivers itself: it is waiting for this post.
		{name: "from telnet", origin: chatapi.ChannelTelnet, members: "[" + alice + "," + carol + "]", want: []delivered{nats}},
		{
			name: "from nats", origin: chatapi.ChannelNATS, members: "[" + alice + "]",
			want: []delivered{members, {alias: chatapi.AliasTelnet, op: chatapi.OpDeliver, sessions: []string{"t1"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newChat(tt.members)
			if tt.roomsErr != nil {
				h.Actors[chatapi.AliasRooms] = func(string, []byte) ([]byte, error) { return nil, tt.roomsErr }
			}
			if tt.noRooms {
				delete(h.Actors, chatapi.AliasRooms)
			}
			if tt.telnetErr != nil {
				h.Actors[chatapi.AliasTelnet] = func(string, []byte) ([]byte, error) { return nil, tt.telnetErr }
			}
			if tt.noNATS {
				delete(h.Actors, chatapi.AliasNATS)
			}
			req := postReq("lobby", "alice", "hi all")
			req.Channel, req.Session = chatapi.ChannelHTTP, ""
			if tt.origin != "" {
				req.Channel = tt.origin
			}
			out, err := chattest.Invoke(h.Context(t), chatapi.OpPost, req)
			if err != nil {
				t.Fatalf("post failed: %v", err)
			}
			var posted chatapi.Message
			if err := json.Unmarshal([]byte(out), &posted); err != nil {
				t.Fatal(err)
			}
			got := checkCalls(t, h.ActorCalls(), posted)
			if !slices.EqualFunc(got, tt.want, func(a, b delivered) bool {
				return a.alias == b.alias && a.op == b.op && slices.Equal(a.sessions, b.sessions)
			}) {
				t.Errorf("calls = %+v\nwant    %+v", got, tt.want)
			}
			var levels []string
			for _, l := range h.LogLines() {
				levels = append(levels, l.Level)
			}
			if !slices.Equal(levels, tt.wantLevels) {
				t.Errorf("logged %+v, want levels %q", h.LogLines(), tt.wantLevels)
			}
		})
	}
}

// checkCalls decodes the actor calls of one post of m, checking their payloads, and returns
// them in comparable form.
func checkCalls(t *testing.T, calls []actortest.Call, m chatapi.Message) []delivered {
	t.Helper()
	var got []delivered
	for _, c := range calls {
		d := delivered{alias: c.Namespace, op: c.Operation}
		switch c.Operation {
		case chatapi.OpMembers:
			var r chatapi.RoomRequest
			if err := json.Unmarshal(c.Payload, &r); err != nil || r.Room != m.Room {
				t.Errorf("Rooms.Members payload %s, want room %s", c.Payload, m.Room)
			}
		case chatapi.OpDeliver:
			var r chatapi.Delivery
			if err := json.Unmarshal(c.Payload, &r); err != nil || r.Message != m {
				t.Errorf("Chat.Deliver payload %s, want message %+v", c.Payload, m)
			}
			d.sessions = r.Sessions
		}
		got = append(got, d)
	}
	return got
}

func TestPostStoreFailure(t *testing.T) {
	for _, op := range []string{keyvalue.OpIncrement, keyvalue.OpListAdd, keyvalue.OpSetAdd} {
		t.Run(op, func(t *testing.T) {
			h := newChat(`[]`)
			h.FailKV = op
			_, err := chattest.Invoke(h.Context(t), chatapi.OpPost, postReq("lobby", "alice", "hi"))
			const want = "post to lobby: the chat store is unavailable, try again later: "
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %v, want prefix %q", err, want)
			}
			if calls := h.ActorCalls(); len(calls) != 0 {
				t.Errorf("a failed post was delivered: %v", calls)
			}
		})
	}
}
