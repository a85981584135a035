//go:build !wasip1

package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/contract/keyvalue"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
	"github.com/trellis-lattice/trellis/examples/chat/internal/chattest"
)

// since is a fixed start time for sessions whose Since the test chooses.
var since = time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)

func session(id, channel, nick, room string) chatapi.Session {
	return chatapi.Session{ID: id, Channel: channel, Nick: nick, Room: room, Since: since}
}

func startStep(s chatapi.Session) chattest.Step { return chattest.Step{Op: chatapi.OpStart, Req: s} }

func getStep(id, want string) chattest.Step {
	return chattest.Step{Op: chatapi.OpGet, Req: chatapi.SessionRequest{ID: id}, Want: want}
}

func TestPresence(t *testing.T) {
	chattest.RunScenarios(t, []chattest.Scenario{
		{Name: "start and get", Steps: []chattest.Step{
			startStep(session("t1", "telnet", "alice", "lobby")),
			getStep("t1", `{"id":"t1","channel":"telnet","nick":"alice","room":"lobby","since":"2026-11-23T18:00:00Z"}`),
		}},
		{Name: "start without a room", Steps: []chattest.Step{
			startStep(session("h1", "http", "bob", "")),
			getStep("h1", `{"id":"h1","channel":"http","nick":"bob","since":"2026-11-23T18:00:00Z"}`),
		}},
		{Name: "get unknown", Steps: []chattest.Step{
			{Op: chatapi.OpGet, Req: chatapi.SessionRequest{ID: "t9"}, Err: "no session t9"},
		}},
		{Name: "update replaces nick and room only", Steps: []chattest.Step{
			startStep(session("t1", "telnet", "alice", "lobby")),
			{Op: chatapi.OpUpdate, Req: chatapi.Session{ID: "t1", Channel: "http", Nick: "alicia", Room: "dev"}},
			getStep("t1", `{"id":"t1","channel":"telnet","nick":"alicia","room":"dev","since":"2026-11-23T18:00:00Z"}`),
			{Op: chatapi.OpUpdate, Req: chatapi.Session{ID: "t1", Nick: "alicia"}},
			getStep("t1", `{"id":"t1","channel":"telnet","nick":"alicia","since":"2026-11-23T18:00:00Z"}`),
		}},
		{Name: "update unknown", Steps: []chattest.Step{
			{Op: chatapi.OpUpdate, Req: chatapi.Session{ID: "t9", Nick: "alice"}, Err: "no session t9"},
			{Op: chatapi.OpOnline, Want: `[]`},
		}},
		{Name: "update validation", Steps: []chattest.Step{
			startStep(session("t1", "telnet", "alice", "lobby")),
			{Op: chatapi.OpUpdate, Req: chatapi.Session{ID: "t1", Nick: "al ice"}, Err: chattest.BadNick},
			{Op: chatapi.OpUpdate, Req: chatapi.Session{ID: "t1", Nick: "alice", Room: "Lobby"}, Err: chattest.BadRoom},
			getStep("t1", `{"id":"t1","channel":"telnet","nick":"alice","room":"lobby","since":"2026-11-23T18:00:00Z"}`),
		}},
		{Name: "end", Steps: []chattest.Step{
			startStep(session("t1", "telnet", "alice", "lobby")),
			startStep(session("t2", "telnet", "bob", "lobby")),
			{Op: chatapi.OpEnd, Req: chatapi.SessionRequest{ID: "t1"}},
			{Op: chatapi.OpGet, Req: chatapi.SessionRequest{ID: "t1"}, Err: "no session t1"},
			{Op: chatapi.OpOnline, Want: `[{"id":"t2","channel":"telnet","nick":"bob","room":"lobby","since":"2026-11-23T18:00:00Z"}]`},
			{Op: chatapi.OpEnd, Req: chatapi.SessionRequest{ID: "t1"}},
			{Op: chatapi.OpEnd, Req: chatapi.SessionRequest{ID: "never"}},
		}},
		{Name: "online sorted by nick", Steps: []chattest.Step{
			{Op: chatapi.OpOnline, Want: `[]`},
			startStep(session("a", "telnet", "zed", "")),
			startStep(session("b", "http", "amy", "")),
			startStep(session("c", "nats", "Bob", "")),
			{Op: chatapi.OpOnline, Want: `[` +
				`{"id":"c","channel":"nats","nick":"Bob","since":"2026-11-23T18:00:00Z"},` +
				`{"id":"b","channel":"http","nick":"amy","since":"2026-11-23T18:00:00Z"},` +
				`{"id":"a","channel":"telnet","nick":"zed","since":"2026-11-23T18:00:00Z"}]`},
		}},
		{Name: "start again replaces", Steps: []chattest.Step{
			startStep(session("t1", "telnet", "alice", "lobby")),
			startStep(session("t1", "telnet", "bob", "")),
			{Op: chatapi.OpOnline, Want: `[{"id":"t1","channel":"telnet","nick":"bob","since":"2026-11-23T18:00:00Z"}]`},
		}},
		{Name: "start validation", Steps: []chattest.Step{
			{Op: chatapi.OpStart, Req: session("", "telnet", "alice", ""), Err: "start session: the session has no id"},
			{Op: chatapi.OpStart, Req: session("t1", "irc", "alice", ""), Err: `start session t1: unknown channel "irc" (telnet, http or nats)`},
			{Op: chatapi.OpStart, Req: session("t1", "telnet", "", ""), Err: chattest.BadNick},
			{Op: chatapi.OpStart, Req: session("t1", "telnet", strings.Repeat("a", 25), ""), Err: chattest.BadNick},
			{Op: chatapi.OpStart, Req: session("t1", "telnet", "alice", "no room"), Err: chattest.BadRoom},
			{Op: chatapi.OpStart, Req: `{"id":`, Err: "Presence.Start: the request is not valid JSON: unexpected end of JSON input"},
			{Op: chatapi.OpOnline, Want: `[]`},
		}},
	})
}

// TestStartSince: a session started without a start time gets the current time in UTC.
func TestStartSince(t *testing.T) {
	h := chattest.NewHost()
	ctx := h.Context(t)
	before := time.Now()
	if _, err := chattest.Invoke(ctx, chatapi.OpStart, chatapi.Session{ID: "t1", Channel: "telnet", Nick: "alice"}); err != nil {
		t.Fatal(err)
	}
	after := time.Now()
	out, err := chattest.Invoke(ctx, chatapi.OpGet, chatapi.SessionRequest{ID: "t1"})
	if err != nil {
		t.Fatal(err)
	}
	var s chatapi.Session
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Since.Location() != time.UTC || s.Since.Before(before.Truncate(time.Microsecond)) || s.Since.After(after) {
		t.Errorf("Since = %v, want UTC between %v and %v", s.Since, before, after)
	}
}

// TestStoreLayout checks the keys the session lives under, and that Online skips an id whose
// record is gone.
func TestStoreLayout(t *testing.T) {
	h := chattest.NewHost()
	ctx := h.Context(t)
	if _, err := chattest.Invoke(ctx, chatapi.OpStart, session("t1", "telnet", "alice", "lobby")); err != nil {
		t.Fatal(err)
	}
	want := `{"id":"t1","channel":"telnet","nick":"alice","room":"lobby","since":"2026-11-23T18:00:00Z"}`
	if got := h.Key("chat:session:t1"); got != want {
		t.Errorf("chat:session:t1 = %s, want %s", got, want)
	}
	if got := h.Set("chat:online"); !slices.Equal(got, []string{"t1"}) {
		t.Errorf("chat:online = %q, want [t1]", got)
	}
	h.PutSet("chat:online", []string{"gone", "t1"})
	if got, err := chattest.Invoke(ctx, chatapi.OpOnline, nil); err != nil || got != "["+want+"]" {
		t.Errorf("Presence.Online = %s, %v; want [%s]", got, err, want)
	}
}

func TestStoreFailure(t *testing.T) {
	chattest.RunStoreFailures(t, []chattest.StoreFailure{
		{Op: chatapi.OpStart, FailKV: keyvalue.OpSet, Req: session("t1", "telnet", "alice", ""), Want: "start session t1: the chat store is unavailable, try again later: "},
		{Op: chatapi.OpGet, FailKV: keyvalue.OpGet, Req: chatapi.SessionRequest{ID: "t1"}, Want: "get session t1: the chat store is unavailable, try again later: "},
		{Op: chatapi.OpUpdate, FailKV: keyvalue.OpGet, Req: session("t1", "telnet", "alice", ""), Want: "update session t1: the chat store is unavailable, try again later: "},
		{Op: chatapi.OpEnd, FailKV: keyvalue.OpDel, Req: chatapi.SessionRequest{ID: "t1"}, Want: "end session t1: the chat store is unavailable, try again later: "},
		{Op: chatapi.OpOnline, FailKV: keyvalue.OpSetQuery, Want: "list sessions: the chat store is unavailable, try again later: "},
	})
}
