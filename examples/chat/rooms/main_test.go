//go:build !wasip1

package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
	"github.com/trellis-lattice/trellis/examples/chat/internal/chattest"
)

func membership(room, channel, session, nick string) chatapi.Membership {
	return chatapi.Membership{Room: room, Member: chatapi.Member{Channel: channel, Session: session, Nick: nick}}
}

func joinStep(room, channel, session, nick string) chattest.Step {
	return chattest.Step{Op: chatapi.OpJoin, Req: membership(room, channel, session, nick), Want: "*"}
}

func leaveStep(room, session string) chattest.Step {
	return chattest.Step{Op: chatapi.OpLeave, Req: membership(room, "", session, "")}
}

func membersStep(room, want string) chattest.Step {
	return chattest.Step{Op: chatapi.OpMembers, Req: chatapi.RoomRequest{Room: room}, Want: want}
}

func listStep(want string) chattest.Step { return chattest.Step{Op: chatapi.OpList, Want: want} }

func TestRooms(t *testing.T) {
	chattest.RunScenarios(t, []chattest.Scenario{
		{Name: "join creates the room", Steps: []chattest.Step{
			{Op: chatapi.OpJoin, Req: membership("lobby", "telnet", "t1", "alice"), Want: `{"name":"lobby","members":1}`},
			listStep(`[{"name":"lobby","members":1}]`),
			membersStep("lobby", `[{"channel":"telnet","session":"t1","nick":"alice"}]`),
		}},
		{Name: "members sorted by nick", Steps: []chattest.Step{
			joinStep("lobby", "telnet", "t1", "zed"),
			joinStep("lobby", "http", "h1", "amy"),
			{Op: chatapi.OpJoin, Req: membership("lobby", "nats", "n1", "Bob"), Want: `{"name":"lobby","members":3}`},
			membersStep("lobby", `[{"channel":"nats","session":"n1","nick":"Bob"},{"channel":"http","session":"h1","nick":"amy"},{"channel":"telnet","session":"t1","nick":"zed"}]`),
		}},
		{Name: "rejoin replaces the session's entry", Steps: []chattest.Step{
			joinStep("lobby", "telnet", "t1", "alice"),
			joinStep("lobby", "telnet", "t2", "bob"),
			{Op: chatapi.OpJoin, Req: membership("lobby", "telnet", "t1", "alicia"), Want: `{"name":"lobby","members":2}`},
			membersStep("lobby", `[{"channel":"telnet","session":"t1","nick":"alicia"},{"channel":"telnet","session":"t2","nick":"bob"}]`),
		}},
		{Name: "identical rejoin", Steps: []chattest.Step{
			joinStep("lobby", "telnet", "t1", "alice"),
			{Op: chatapi.OpJoin, Req: membership("lobby", "telnet", "t1", "alice"), Want: `{"name":"lobby","members":1}`},
			membersStep("lobby", `[{"channel":"telnet","session":"t1","nick":"alice"}]`),
		}},
		{Name: "same session in two rooms", Steps: []chattest.Step{
			joinStep("a", "telnet", "t1", "alice"),
			joinStep("b", "telnet", "t1", "alice"),
			listStep(`[{"name":"a","members":1},{"name":"b","members":1}]`),
		}},
		{Name: "leave", Steps: []chattest.Step{
			joinStep("lobby", "telnet", "t1", "alice"),
			joinStep("lobby", "telnet", "t2", "bob"),
			leaveStep("lobby", "t1"),
			membersStep("lobby", `[{"channel":"telnet","session":"t2","nick":"bob"}]`),
			leaveStep("lobby", "t2"),
			membersStep("lobby", `[]`),
			listStep(`[{"name":"lobby","members":0}]`),
		}},
		{Name: "leave unknown session or room", Steps: []chattest.Step{
			joinStep("lobby", "telnet", "t1", "alice"),
			leaveStep("lobby", "t9"),
			leaveStep("nowhere", "t1"),
			listStep(`[{"name":"lobby","members":1}]`),
		}},
		{Name: "list sorted by name", Steps: []chattest.Step{
			listStep(`[]`),
			joinStep("c", "telnet", "t1", "x"),
			joinStep("a", "telnet", "t2", "y"),
			joinStep("b", "telnet", "t3", "z"),
			joinStep("a", "http", "h1", "w"),
			listStep(`[{"name":"a","members":2},{"name":"b","members":1},{"name":"c","members":1}]`),
		}},
		{Name: "members of an unknown room", Steps: []chattest.Step{
			{Op: chatapi.OpMembers, Req: chatapi.RoomRequest{Room: "nowhere"}, Err: "no room nowhere"},
		}},
		{Name: "validation", Steps: []chattest.Step{
			{Op: chatapi.OpJoin, Req: membership("Lobby", "telnet", "t1", "alice"), Err: chattest.BadRoom},
			{Op: chatapi.OpJoin, Req: membership("", "telnet", "t1", "alice"), Err: chattest.BadRoom},
			{Op: chatapi.OpJoin, Req: membership(strings.Repeat("a", 33), "telnet", "t1", "alice"), Err: chattest.BadRoom},
			{Op: chatapi.OpJoin, Req: membership("lobby", "telnet", "t1", "al ice"), Err: chattest.BadNick},
			{Op: chatapi.OpJoin, Req: membership("lobby", "telnet", "t1", ""), Err: chattest.BadNick},
			{Op: chatapi.OpJoin, Req: membership("lobby", "telnet", "", "alice"), Err: "join room lobby: the member has no session id"},
			{Op: chatapi.OpJoin, Req: membership("lobby", "irc", "t1", "alice"), Err: `join room lobby: unknown channel "irc" (telnet, http or nats)`},
			{Op: chatapi.OpJoin, Req: "{", Err: "Rooms.Join: the request is not valid JSON: unexpected end of JSON input"},
			{Op: chatapi.OpLeave, Req: membership("no such room", "telnet", "t1", ""), Err: chattest.BadRoom},
			{Op: chatapi.OpMembers, Req: chatapi.RoomRequest{Room: "a/b"}, Err: chattest.BadRoom},
			listStep(`[]`),
		}},
	})
}

// TestJoinStore checks the store layout other actors rely on (messages adds rooms to the same
// set) and that a rejoin leaves one entry per session.
func TestJoinStore(t *testing.T) {
	h := chattest.NewHost()
	h.Run(t, []chattest.Step{joinStep("lobby", "telnet", "t1", "alice"), joinStep("lobby", "telnet", "t1", "alicia")})
	if got, want := h.Set("chat:rooms"), []string{"lobby"}; !slices.Equal(got, want) {
		t.Errorf("chat:rooms = %q, want %q", got, want)
	}
	want := []string{`{"channel":"telnet","session":"t1","nick":"alicia"}`}
	if got := h.Set("chat:members:lobby"); !slices.Equal(got, want) {
		t.Errorf("chat:members:lobby = %q, want %q", got, want)
	}
}

// TestRoomCreatedByMessages: a room the messages actor created (in chat:rooms, no members) is
// listed and has an empty member list.
func TestRoomCreatedByMessages(t *testing.T) {
	h := chattest.NewHost()
	h.PutSet("chat:rooms", []string{"news"})
	ctx := h.Context(t)
	if got, err := chattest.Invoke(ctx, chatapi.OpMembers, chatapi.RoomRequest{Room: "news"}); err != nil || got != `[]` {
		t.Errorf("Rooms.Members = %s, %v; want [], nil", got, err)
	}
	if got, err := chattest.Invoke(ctx, chatapi.OpList, nil); err != nil || got != `[{"name":"news","members":0}]` {
		t.Errorf("Rooms.List = %s, %v", got, err)
	}
}

func TestStoreFailure(t *testing.T) {
	chattest.RunStoreFailures(t, []chattest.StoreFailure{
		{Op: chatapi.OpJoin, FailKV: keyvalue.OpSetAdd, Req: membership("lobby", "telnet", "t1", "alice"), Want: "join room lobby: the chat store is unavailable, try again later: "},
		{Op: chatapi.OpLeave, FailKV: keyvalue.OpSetQuery, Req: membership("lobby", "telnet", "t1", "alice"), Want: "leave room lobby: the chat store is unavailable, try again later: "},
		{Op: chatapi.OpList, FailKV: keyvalue.OpSetQuery, Want: "list rooms: the chat store is unavailable, try again later: "},
		{Op: chatapi.OpMembers, FailKV: keyvalue.OpSetQuery, Req: chatapi.RoomRequest{Room: "lobby"}, Want: "list members of lobby: the chat store is unavailable, try again later: "},
	})
}
