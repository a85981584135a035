// Command presence is the session register of the chat example: it records who is connected,
// through which channel, under which nick and in which room. It keeps no state of its own;
// everything lives in the wasmcloud:keyvalue store linked as "default":
//
//	chat:session:<id>   the JSON of the session's chatapi.Session
//	chat:online         set of the ids of the sessions online
//
// Operations (call alias chat/presence, JSON bodies of package chatapi):
//
//	Presence.Start   Session → nothing         records a session; Since defaults to now (UTC)
//	Presence.Get     SessionRequest → Session  an unknown session is an error
//	Presence.Update  Session → nothing         replaces nick and room; unknown is an error
//	Presence.End     SessionRequest → nothing  an unknown session is not an error
//	Presence.Online  nothing → []Session       sorted by nick
//
// Capability claims: wasmcloud:keyvalue.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/keyvalue"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

// sessionPrefix + id is a session's key; onlineKey is the set of session ids.
const (
	sessionPrefix = "chat:session:"
	onlineKey     = "chat:online"
)

func init() {
	actor.Handle(chatapi.OpStart, start)
	actor.Handle(chatapi.OpGet, get)
	actor.Handle(chatapi.OpUpdate, update)
	actor.Handle(chatapi.OpEnd, end)
	actor.Handle(chatapi.OpOnline, online)
}

func main() {}

// start records a new session, replacing one with the same id.
func start(ctx context.Context, payload []byte) ([]byte, error) {
	var s chatapi.Session
	if err := chatapi.DecodeRequest(chatapi.OpStart, payload, &s); err != nil {
		return nil, err
	}
	if err := validSession(s); err != nil {
		return nil, err
	}
	if s.Since.IsZero() {
		s.Since = time.Now().UTC()
	}
	if err := store(ctx, s); err != nil {
		return nil, chatapi.StoreError("start session "+s.ID, err)
	}
	if _, err := keyvalue.SetAdd(ctx, onlineKey, s.ID); err != nil {
		return nil, chatapi.StoreError("start session "+s.ID, err)
	}
	return nil, nil
}

// get returns a session.
func get(ctx context.Context, payload []byte) ([]byte, error) {
	var r chatapi.SessionRequest
	if err := chatapi.DecodeRequest(chatapi.OpGet, payload, &r); err != nil {
		return nil, err
	}
	s, ok, err := load(ctx, r.ID)
	if err != nil {
		return nil, chatapi.StoreError("get session "+r.ID, err)
	}
	if !ok {
		return nil, errors.New("no session " + r.ID)
	}
	return json.Marshal(s)
}

// update replaces a session's nick and room, keeping its channel and start time.
func update(ctx context.Context, payload []byte) ([]byte, error) {
	var u chatapi.Session
	if err := chatapi.DecodeRequest(chatapi.OpUpdate, payload, &u); err != nil {
		return nil, err
	}
	if err := validNickRoom(u); err != nil {
		return nil, err
	}
	s, ok, err := load(ctx, u.ID)
	if err != nil {
		return nil, chatapi.StoreError("update session "+u.ID, err)
	}
	if !ok {
		return nil, errors.New("no session " + u.ID)
	}
	s.Nick, s.Room = u.Nick, u.Room
	if err := store(ctx, s); err != nil {
		return nil, chatapi.StoreError("update session "+u.ID, err)
	}
	return nil, nil
}

// end forgets a session.
func end(ctx context.Context, payload []byte) ([]byte, error) {
	var r chatapi.SessionRequest
	if err := chatapi.DecodeRequest(chatapi.OpEnd, payload, &r); err != nil {
		return nil, err
	}
	if _, err := keyvalue.Del(ctx, sessionPrefix+r.ID); err != nil {
		return nil, chatapi.StoreError("end session "+r.ID, err)
	}
	if _, err := keyvalue.SetDel(ctx, onlineKey, r.ID); err != nil {
		return nil, chatapi.StoreError("end session "+r.ID, err)
	}
	return nil, nil
}

// online returns every session online, sorted by nick. An id in chat:online whose session
// record is gone (ended half-way) is left out.
func online(ctx context.Context, _ []byte) ([]byte, error) {
	ids, err := keyvalue.SetQuery(ctx, onlineKey)
	if err != nil {
		return nil, chatapi.StoreError("list sessions", err)
	}
	sessions := make([]chatapi.Session, 0, len(ids))
	for _, id := range ids {
		s, ok, err := load(ctx, id)
		if err != nil {
			return nil, chatapi.StoreError("list sessions", err)
		}
		if ok {
			sessions = append(sessions, s)
		}
	}
	slices.SortFunc(sessions, func(a, b chatapi.Session) int {
		return cmp.Or(cmp.Compare(a.Nick, b.Nick), cmp.Compare(a.ID, b.ID))
	})
	return json.Marshal(sessions)
}

// load reads the session with id; ok is false if there is none (or its record is unreadable).
func load(ctx context.Context, id string) (s chatapi.Session, ok bool, err error) {
	v, exists, err := keyvalue.Get(ctx, sessionPrefix+id)
	if err != nil || !exists {
		return s, false, err
	}
	if json.Unmarshal([]byte(v), &s) != nil {
		return s, false, nil
	}
	return s, true, nil
}

// store writes s under its key.
func store(ctx context.Context, s chatapi.Session) error {
	v, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return keyvalue.Set(ctx, sessionPrefix+s.ID, string(v), 0)
}

// validSession reports what is wrong with a new session, nil if nothing.
func validSession(s chatapi.Session) error {
	if s.ID == "" {
		return errors.New("start session: the session has no id")
	}
	switch s.Channel {
	case chatapi.ChannelTelnet, chatapi.ChannelHTTP, chatapi.ChannelNATS:
	default:
		return fmt.Errorf("start session %s: unknown channel %q (telnet, http or nats)", s.ID, s.Channel)
	}
	return validNickRoom(s)
}

// validNickRoom checks a session's nick and, if it has one, its room.
func validNickRoom(s chatapi.Session) error {
	if msg := chatapi.ValidNick(s.Nick); msg != "" {
		return errors.New(msg)
	}
	if s.Room == "" {
		return nil
	}
	if msg := chatapi.ValidRoom(s.Room); msg != "" {
		return errors.New(msg)
	}
	return nil
}
