//go:build !wasip1

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/trellis-lattice/trellis/actor/actortest"
	contract "github.com/trellis-lattice/trellis/contract/telnet"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

// backend is a fake host: an in-memory presence, rooms and messages actor plus a telnet provider
// that records what is sent. fail makes an operation fail with the given error.
type backend struct {
	t    *testing.T
	mu   sync.Mutex
	fail map[string]error

	sessions map[string]chatapi.Session
	members  map[string][]chatapi.Member
	messages map[string][]chatapi.Message
	posts    []chatapi.PostRequest
	sent     []contract.TextMessage
	ops      []string
}

func newBackend(t *testing.T) *backend {
	return &backend{
		t: t, fail: map[string]error{},
		sessions: map[string]chatapi.Session{},
		members:  map[string][]chatapi.Member{},
		messages: map[string][]chatapi.Message{},
	}
}

// ctx returns a test context whose host calls go to b.
func (b *backend) ctx() context.Context { return actortest.WithHost(b.t.Context(), b.host) }

// texts returns what was sent to session.
func (b *backend) texts(session string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, m := range b.sent {
		if m.Session == session {
			out = append(out, m.Text)
		}
	}
	return out
}

func (b *backend) host(_ context.Context, c actortest.Call) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ops = append(b.ops, c.Operation)
	if err := b.fail[c.Operation]; err != nil {
		return nil, err
	}
	if c.Namespace == contract.ContractID {
		if c.Binding != "default" || c.Operation != contract.OpSendText {
			b.t.Errorf("unexpected provider call %+v", c)
		}
		var m contract.TextMessage
		if err := m.UnmarshalMsg(c.Payload); err != nil {
			b.t.Fatal(err)
		}
		b.sent = append(b.sent, m)
		return nil, nil
	}
	if c.Binding != "" {
		b.t.Errorf("actor call %s with binding %q", c.Operation, c.Binding)
	}
	out, err := b.answer(c)
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, nil
	}
	return json.Marshal(out)
}

// answer plays the backend actors, the way chatapi describes them.
func (b *backend) answer(c actortest.Call) (any, error) {
	want := map[string]string{
		chatapi.OpStart: chatapi.AliasPresence, chatapi.OpGet: chatapi.AliasPresence, chatapi.OpUpdate: chatapi.AliasPresence,
		chatapi.OpEnd: chatapi.AliasPresence, chatapi.OpOnline: chatapi.AliasPresence,
		chatapi.OpJoin: chatapi.AliasRooms, chatapi.OpLeave: chatapi.AliasRooms, chatapi.OpList: chatapi.AliasRooms,
		chatapi.OpMembers: chatapi.AliasRooms, chatapi.OpPost: chatapi.AliasMessages, chatapi.OpHistory: chatapi.AliasMessages,
	}[c.Operation]
	if want != c.Namespace {
		return nil, fmt.Errorf("Call alias not found: %s on default", c.Namespace)
	}
	switch c.Operation {
	case chatapi.OpStart, chatapi.OpUpdate:
		var s chatapi.Session
		b.decode(c, &s)
		if _, ok := b.sessions[s.ID]; !ok && c.Operation == chatapi.OpUpdate {
			return nil, errors.New("no session " + s.ID)
		}
		b.sessions[s.ID] = s
	case chatapi.OpGet, chatapi.OpEnd:
		var r chatapi.SessionRequest
		b.decode(c, &r)
		s, ok := b.sessions[r.ID]
		if !ok {
			return nil, errors.New("no session " + r.ID)
		}
		if c.Operation == chatapi.OpEnd {
			delete(b.sessions, r.ID)
			return nil, nil
		}
		return s, nil
	case chatapi.OpOnline:
		var out []chatapi.Session
		for _, id := range sortedKeys(b.sessions) {
			out = append(out, b.sessions[id])
		}
		return out, nil
	case chatapi.OpJoin, chatapi.OpLeave:
		var m chatapi.Membership
		b.decode(c, &m)
		list := slices.DeleteFunc(b.members[m.Room], func(x chatapi.Member) bool { return x.Session == m.Member.Session })
		if c.Operation == chatapi.OpLeave {
			b.members[m.Room] = list
			return nil, nil
		}
		b.members[m.Room] = append(list, m.Member)
		return chatapi.RoomInfo{Name: m.Room, Members: len(b.members[m.Room])}, nil
	case chatapi.OpList:
		out := []chatapi.RoomInfo{}
		for _, name := range sortedKeys(b.members) {
			out = append(out, chatapi.RoomInfo{Name: name, Members: len(b.members[name])})
		}
		return out, nil
	case chatapi.OpMembers:
		var r chatapi.RoomRequest
		b.decode(c, &r)
		list, ok := b.members[r.Room]
		if !ok {
			return nil, errors.New("no room " + r.Room)
		}
		return list, nil
	case chatapi.OpPost:
		var p chatapi.PostRequest
		b.decode(c, &p)
		b.posts = append(b.posts, p)
		return chatapi.Message{ID: p.Room + "-1", Seq: 1, Room: p.Room, Nick: p.Nick, Text: p.Text, Channel: p.Channel}, nil
	case chatapi.OpHistory:
		var r chatapi.HistoryRequest
		b.decode(c, &r)
		msgs := b.messages[r.Room]
		if r.Limit > 0 && len(msgs) > r.Limit {
			msgs = msgs[len(msgs)-r.Limit:]
		}
		return msgs, nil
	}
	return nil, nil
}

func (b *backend) decode(c actortest.Call, v any) {
	if err := json.Unmarshal(c.Payload, v); err != nil {
		b.t.Errorf("%s payload %q: %v", c.Operation, c.Payload, err)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
