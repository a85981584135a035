//go:build !wasip1

package main

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/actor/actortest"
	contract "github.com/trellis-lattice/trellis/contract/telnet"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

const sid = "0b5e7c1d-9f2a-4e3b-8c6d-5a4f3e2d1c0b-7" // as providers/telnet makes them

func TestGuestNick(t *testing.T) {
	tests := []struct{ session, want string }{
		{sid, "guest-d1c0b7"},
		{"abc", "guest-abc"},
		{"x:y:z", "guest-xyz"},
		{"", "guest"},
		{"---", "guest"},
	}
	for _, tt := range tests {
		got := guestNick(tt.session)
		if got != tt.want {
			t.Errorf("guestNick(%q) = %q, want %q", tt.session, got, tt.want)
		}
		if msg := chatapi.ValidNick(got); msg != "" {
			t.Errorf("guestNick(%q) = %q: %s", tt.session, got, msg)
		}
	}
}

func TestSessionStarted(t *testing.T) {
	b := newBackend(t)
	in := contract.SessionStarted{Session: sid, RemoteAddr: "127.0.0.1:50412"}
	if _, err := actortest.Invoke(b.ctx(), contract.OpSessionStarted, in.AppendMsg(nil)); err != nil {
		t.Fatal(err)
	}
	s := b.sessions[sid]
	if s.ID != sid || s.Channel != chatapi.ChannelTelnet || s.Nick != "guest-d1c0b7" || s.Room != "" || time.Since(s.Since) > time.Minute {
		t.Errorf("presence has %+v", s)
	}
	got := b.texts(sid)
	if len(got) != 1 || !strings.HasPrefix(got[0], "Welcome to Trellis chat, guest-d1c0b7!\n") {
		t.Fatalf("sent %q", got)
	}
	for _, cmd := range []string{"/join ROOM", "/leave", "/rooms", "/who", "/nick NAME", "/help", "/quit"} {
		if !strings.Contains(got[0], cmd) {
			t.Errorf("welcome lacks %s:\n%s", cmd, got[0])
		}
	}
}

func TestSessionStartedPresenceDown(t *testing.T) {
	b := newBackend(t)
	b.fail[chatapi.OpStart] = errors.New("Call alias not found: chat/presence on default")
	in := contract.SessionStarted{Session: sid}
	_, err := actortest.Invoke(b.ctx(), contract.OpSessionStarted, in.AppendMsg(nil))
	if err == nil || err.Error() != "chat is unavailable, try again later: Call alias not found: chat/presence on default" {
		t.Errorf("err = %v", err)
	}
	if len(b.sent) != 0 {
		t.Errorf("sent %q to a refused session", b.sent)
	}
}

// state is the fake backend's content before or after a line.
type state struct {
	room, nick string
	members    map[string][]chatapi.Member
}

func member(session, nick string) chatapi.Member {
	return chatapi.Member{Channel: chatapi.ChannelTelnet, Session: session, Nick: nick}
}

func TestReceiveText(t *testing.T) {
	other := chatapi.Member{Channel: chatapi.ChannelHTTP, Session: "", Nick: "web"}
	history := []chatapi.Message{
		{ID: "go-1", Room: "go", Nick: "ann", Text: "hi", Channel: chatapi.ChannelTelnet},
		{ID: "go-2", Room: "go", Nick: "web", Text: "hello\nfake line", Channel: chatapi.ChannelHTTP},
	}
	var many []chatapi.Message
	for i := range 15 {
		many = append(many, chatapi.Message{Room: "go", Nick: "n", Text: string(rune('a' + i)), Channel: chatapi.ChannelNATS})
	}
	tests := []struct {
		name     string
		before   state
		others   []chatapi.Session // other sessions in presence
		history  []chatapi.Message
		fail     map[string]error
		line     string
		want     string // "" means nothing is sent
		after    state
		wantPost *chatapi.PostRequest
	}{
		{name: "empty line", before: state{nick: "ann"}, line: "   ", after: state{nick: "ann"}},
		{name: "join", before: state{nick: "ann"}, history: history, line: "/join go",
			want:  "* joined #go (1 online)\n[#go] ann: hi\n[#go] web: hello fake line (via http)\n",
			after: state{room: "go", nick: "ann", members: map[string][]chatapi.Member{"go": {member(sid, "ann")}}}},
		{name: "join shows the last 10", before: state{nick: "ann"}, history: many, line: "/join go",
			want:  "* joined #go (1 online)\n" + lines(many[5:]),
			after: state{room: "go", nick: "ann", members: map[string][]chatapi.Member{"go": {member(sid, "ann")}}}},
		{name: "join leaves the previous room",
			before: state{room: "old", nick: "ann", members: map[string][]chatapi.Member{"old": {other, member(sid, "ann")}, "go": {other}}},
			line:   "/join #Go", want: "* joined #go (2 online)\n",
			after: state{room: "go", nick: "ann", members: map[string][]chatapi.Member{"old": {other}, "go": {other, member(sid, "ann")}}}},
		{name: "join without room", before: state{nick: "ann"}, line: "/join", want: "usage: /join ROOM\n", after: state{nick: "ann"}},
		{name: "join invalid room", before: state{nick: "ann"}, line: "/join a b",
			want: "! " + chatapi.ValidRoom("a b") + "\n", after: state{nick: "ann"}},
		{name: "join rooms down", before: state{nick: "ann"}, line: "/join go",
			fail: map[string]error{chatapi.OpJoin: errors.New("Call alias not found: chat/rooms on default")},
			want: "! Call alias not found: chat/rooms on default\n", after: state{nick: "ann"}},
		{name: "join history down", before: state{nick: "ann"}, line: "/join go",
			fail:  map[string]error{chatapi.OpHistory: errors.New("store is down")},
			want:  "* joined #go (1 online)\n! no history: store is down\n",
			after: state{room: "go", nick: "ann", members: map[string][]chatapi.Member{"go": {member(sid, "ann")}}}},
		{name: "join a room messages does not know yet", before: state{nick: "ann"}, line: "/join go",
			fail:  map[string]error{chatapi.OpHistory: errors.New("no room go")},
			want:  "* joined #go (1 online)\n",
			after: state{room: "go", nick: "ann", members: map[string][]chatapi.Member{"go": {member(sid, "ann")}}}},
		{name: "leave", before: state{room: "go", nick: "ann", members: map[string][]chatapi.Member{"go": {member(sid, "ann"), other}}},
			line: "/leave", want: "* left #go\n",
			after: state{nick: "ann", members: map[string][]chatapi.Member{"go": {other}}}},
		{name: "leave outside a room", before: state{nick: "ann"}, line: "/leave", want: "! you are not in a room\n", after: state{nick: "ann"}},
		{name: "rooms", before: state{nick: "ann", members: map[string][]chatapi.Member{"go": {other}, "rust": {}}},
			line: "/rooms", want: "#go (1)\n#rust (0)\n",
			after: state{nick: "ann", members: map[string][]chatapi.Member{"go": {other}, "rust": {}}}},
		{name: "no rooms", before: state{nick: "ann"}, line: "/rooms", want: "no rooms yet: /join one\n", after: state{nick: "ann"}},
		{name: "rooms down", before: state{nick: "ann"}, line: "/rooms", fail: map[string]error{chatapi.OpList: errors.New("boom")},
			want: "! boom\n", after: state{nick: "ann"}},
		{name: "who in a room", before: state{room: "go", nick: "ann", members: map[string][]chatapi.Member{"go": {member(sid, "ann"), other}}},
			line: "/who", want: "* 2 in #go:\n  ann (telnet)\n  web (http)\n",
			after: state{room: "go", nick: "ann", members: map[string][]chatapi.Member{"go": {member(sid, "ann"), other}}}},
		{name: "who outside a room", before: state{nick: "ann"}, others: []chatapi.Session{{ID: "s2", Channel: chatapi.ChannelTelnet, Nick: "bob", Room: "go"}}, line: "/who", want: "* 2 online:\n  ann (telnet)\n  bob (telnet) in #go\n", after: state{nick: "ann"}},
		{name: "nick", before: state{nick: "ann"}, line: "/nick Anna.B", want: "* you are now Anna.B\n", after: state{nick: "Anna.B"}},
		{name: "nick in a room", before: state{room: "go", nick: "ann", members: map[string][]chatapi.Member{"go": {other, member(sid, "ann")}}},
			line: "/nick anna", want: "* you are now anna\n",
			after: state{room: "go", nick: "anna", members: map[string][]chatapi.Member{"go": {other, member(sid, "anna")}}}},
		{name: "nick without name", before: state{nick: "ann"}, line: "/nick", want: "usage: /nick NAME\n", after: state{nick: "ann"}},
		{name: "nick invalid", before: state{nick: "ann"}, line: "/nick a!b", want: "! " + chatapi.ValidNick("a!b") + "\n", after: state{nick: "ann"}},
		{name: "help", before: state{nick: "ann"}, line: "/help", want: helpText, after: state{nick: "ann"}},
		{name: "quit", before: state{nick: "ann"}, line: "/quit", want: "bye! Close your telnet client to disconnect (Ctrl-] then quit).\n", after: state{nick: "ann"}},
		{name: "unknown command", before: state{nick: "ann"}, line: "/dance now", want: "unknown command /dance — try /help\n", after: state{nick: "ann"}},
		{name: "say", before: state{room: "go", nick: "ann", members: map[string][]chatapi.Member{"go": {member(sid, "ann")}}},
			line: "  hello all  ", want: "[#go] ann: hello all\n", after: state{room: "go", nick: "ann", members: map[string][]chatapi.Member{"go": {member(sid, "ann")}}},
			wantPost: &chatapi.PostRequest{Room: "go", Nick: "ann", Text: "hello all", Channel: chatapi.ChannelTelnet, Session: sid}},
		{name: "say outside a room", before: state{nick: "ann"}, line: "hello", want: "! join a room first: /join ROOM\n", after: state{nick: "ann"}},
		{name: "say rejected", before: state{room: "go", nick: "ann"}, line: "hello",
			fail: map[string]error{chatapi.OpPost: errors.New("messages are at most 1000 bytes")},
			want: "! messages are at most 1000 bytes\n", after: state{room: "go", nick: "ann"}},
		{name: "say rejected, as the host wraps it", before: state{room: "go", nick: "ann"}, line: "hello",
			fail: map[string]error{chatapi.OpPost: errors.New("actor chat-messages (MA7RM6HK): Messages.Post: empty message")},
			want: "! empty message\n", after: state{room: "go", nick: "ann"}},
		{name: "presence down", before: state{nick: "ann"}, line: "/who", fail: map[string]error{chatapi.OpGet: errors.New("rpc timeout")},
			want: "! rpc timeout\n", after: state{nick: "ann"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBackend(t)
			b.sessions[sid] = chatapi.Session{ID: sid, Channel: chatapi.ChannelTelnet, Nick: tt.before.nick, Room: tt.before.room}
			for _, o := range tt.others {
				b.sessions[o.ID] = o
			}
			for room, list := range tt.before.members {
				b.members[room] = append([]chatapi.Member{}, list...)
			}
			b.messages["go"] = tt.history
			for op, err := range tt.fail {
				b.fail[op] = err
			}
			in := contract.TextMessage{Session: sid, Text: tt.line}
			if _, err := actortest.Invoke(b.ctx(), contract.OpReceiveText, in.AppendMsg(nil)); err != nil {
				t.Fatal(err)
			}
			got := strings.Join(b.texts(sid), "")
			if got != tt.want {
				t.Errorf("sent\n%q\nwant\n%q", got, tt.want)
			}
			if s := b.sessions[sid]; s.Room != tt.after.room || s.Nick != tt.after.nick {
				t.Errorf("session room %q nick %q, want %q %q", s.Room, s.Nick, tt.after.room, tt.after.nick)
			}
			wantMembers := tt.after.members
			if wantMembers == nil {
				wantMembers = map[string][]chatapi.Member{}
			}
			if !equalMembers(b.members, wantMembers) {
				t.Errorf("members %v, want %v", b.members, wantMembers)
			}
			var wantPosts []chatapi.PostRequest
			if tt.wantPost != nil {
				wantPosts = []chatapi.PostRequest{*tt.wantPost}
			}
			if !reflect.DeepEqual(b.posts, wantPosts) {
				t.Errorf("posts %+v, want %+v", b.posts, wantPosts)
			}
		})
	}
}

// equalMembers compares member lists, treating a missing room like an empty one.
func equalMembers(got, want map[string][]chatapi.Member) bool {
	for _, m := range []map[string][]chatapi.Member{got, want} {
		for room := range m {
			if len(got[room]) != len(want[room]) || len(got[room]) > 0 && !reflect.DeepEqual(got[room], want[room]) {
				return false
			}
		}
	}
	return true
}

func lines(msgs []chatapi.Message) string {
	var s string
	for _, m := range msgs {
		s += formatMessage(m) + "\n"
	}
	return s
}

func TestSessionEnded(t *testing.T) {
	tests := []struct {
		name        string
		room        string
		fail        map[string]error
		wantErr     string
		wantMembers int
	}{
		{name: "in a room", room: "go"},
		{name: "outside a room"},
		{name: "rooms down", room: "go", fail: map[string]error{chatapi.OpLeave: errors.New("down")},
			wantErr: "host call chat/rooms Rooms.Leave: down", wantMembers: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBackend(t)
			b.sessions[sid] = chatapi.Session{ID: sid, Channel: chatapi.ChannelTelnet, Nick: "ann", Room: tt.room}
			if tt.room != "" {
				b.members[tt.room] = []chatapi.Member{member(sid, "ann")}
			}
			b.fail = tt.fail
			in := contract.SessionEnded{Session: sid, Reason: "client disconnected"}
			_, err := actortest.Invoke(b.ctx(), contract.OpSessionEnded, in.AppendMsg(nil))
			if got := errText(err); got != tt.wantErr {
				t.Errorf("err = %q, want %q", got, tt.wantErr)
			}
			if _, ok := b.sessions[sid]; ok {
				t.Error("session still in presence")
			}
			if n := len(b.members[tt.room]); n != tt.wantMembers {
				t.Errorf("room has %d members, want %d", n, tt.wantMembers)
			}
			if len(b.sent) != 0 {
				t.Errorf("sent %q to an ended session", b.sent)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestDeliver(t *testing.T) {
	tests := []struct {
		name     string
		msg      chatapi.Message
		sessions []string
		fail     error
		want     string
		wantErr  bool
	}{
		{name: "telnet", msg: chatapi.Message{ID: "go-3", Room: "go", Nick: "ann", Text: "hi", Channel: chatapi.ChannelTelnet},
			sessions: []string{"s1", sid, "s3"}, want: "[#go] ann: hi\n"},
		{name: "http", msg: chatapi.Message{Room: "go", Nick: "web", Text: "yo", Channel: chatapi.ChannelHTTP},
			sessions: []string{sid}, want: "[#go] web: yo (via http)\n"},
		{name: "nats", msg: chatapi.Message{Room: "ops", Nick: "nats", Text: "a\r\nb", Channel: chatapi.ChannelNATS},
			sessions: []string{sid, "s1"}, want: "[#ops] nats: a  b (via nats)\n"},
		{name: "nobody", msg: chatapi.Message{Room: "go", Nick: "ann", Text: "hi", Channel: chatapi.ChannelTelnet}},
		{name: "session gone", msg: chatapi.Message{ID: "go-4", Room: "go", Nick: "ann", Text: "hi", Channel: chatapi.ChannelTelnet},
			sessions: []string{"s1", "s2"}, fail: errors.New("session s1 is not connected"), wantErr: true, want: "[#go] ann: hi\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBackend(t)
			b.fail[contract.OpSendText] = tt.fail
			payload, _ := json.Marshal(chatapi.Delivery{Message: tt.msg, Sessions: tt.sessions})
			_, err := actortest.Invoke(b.ctx(), chatapi.OpDeliver, payload)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			sends := 0
			for _, op := range b.ops {
				if op == contract.OpSendText {
					sends++
				}
			}
			if sends != len(tt.sessions) {
				t.Errorf("%d SendText calls, want one per session (%d)", sends, len(tt.sessions))
			}
			if tt.fail != nil {
				return
			}
			for _, s := range tt.sessions {
				if got := b.texts(s); len(got) != 1 || got[0] != tt.want {
					t.Errorf("session %s got %q, want [%q]", s, got, tt.want)
				}
			}
		})
	}
}

func TestDeliverBadPayload(t *testing.T) {
	b := newBackend(t)
	if _, err := actortest.Invoke(b.ctx(), chatapi.OpDeliver, []byte("{")); err == nil || !strings.HasPrefix(err.Error(), "decode Chat.Deliver: ") {
		t.Errorf("err = %v", err)
	}
}
