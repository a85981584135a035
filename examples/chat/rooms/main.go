// Command rooms is the room directory of the chat example: it knows which rooms exist and which
// sessions are in each, and answers the other chat actors' questions about them. It keeps no
// state of its own; everything lives in the wasmcloud:keyvalue store linked as "default":
//
//	chat:rooms            set of room names (a room exists once someone joined it or wrote to it)
//	chat:members:<room>   set of the room's members, each the JSON of a chatapi.Member
//
// Operations (call alias chat/rooms, JSON bodies of package chatapi):
//
//	Rooms.Join     Membership → RoomInfo   creates the room; replaces the session's old entry
//	Rooms.Leave    Membership → nothing    an unknown room or session is not an error
//	Rooms.List     nothing → []RoomInfo    every room with its member count, sorted by name
//	Rooms.Members  RoomRequest → []Member  sorted by nick; an unknown room is an error
//
// Rooms are never deleted: a room everyone has left keeps its history and stays listed.
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

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/keyvalue"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

// roomsKey is the set of room names; membersPrefix + room names a room's member set.
const (
	roomsKey      = "chat:rooms"
	membersPrefix = "chat:members:"
)

func init() {
	actor.Handle(chatapi.OpJoin, join)
	actor.Handle(chatapi.OpLeave, leave)
	actor.Handle(chatapi.OpList, list)
	actor.Handle(chatapi.OpMembers, members)
}

func main() {}

// join adds a member to a room, creating the room, and replaces any earlier entry of the same
// session (whose nick may have changed).
func join(ctx context.Context, payload []byte) ([]byte, error) {
	var m chatapi.Membership
	if err := chatapi.DecodeRequest(chatapi.OpJoin, payload, &m); err != nil {
		return nil, err
	}
	if err := validMember(m); err != nil {
		return nil, err
	}
	entry, err := json.Marshal(m.Member)
	if err != nil {
		return nil, err
	}
	if _, err := keyvalue.SetAdd(ctx, roomsKey, m.Room); err != nil {
		return nil, chatapi.StoreError("join room "+m.Room, err)
	}
	others, err := dropSession(ctx, m.Room, m.Member.Session, string(entry))
	if err != nil {
		return nil, chatapi.StoreError("join room "+m.Room, err)
	}
	if _, err := keyvalue.SetAdd(ctx, membersPrefix+m.Room, string(entry)); err != nil {
		return nil, chatapi.StoreError("join room "+m.Room, err)
	}
	return json.Marshal(chatapi.RoomInfo{Name: m.Room, Members: others + 1})
}

// leave removes a session from a room.
func leave(ctx context.Context, payload []byte) ([]byte, error) {
	var m chatapi.Membership
	if err := chatapi.DecodeRequest(chatapi.OpLeave, payload, &m); err != nil {
		return nil, err
	}
	if msg := chatapi.ValidRoom(m.Room); msg != "" {
		return nil, errors.New(msg)
	}
	if _, err := dropSession(ctx, m.Room, m.Member.Session, ""); err != nil {
		return nil, chatapi.StoreError("leave room "+m.Room, err)
	}
	return nil, nil
}

// list returns every room with its number of members, sorted by name.
func list(ctx context.Context, _ []byte) ([]byte, error) {
	names, err := keyvalue.SetQuery(ctx, roomsKey)
	if err != nil {
		return nil, chatapi.StoreError("list rooms", err)
	}
	slices.Sort(names)
	infos := make([]chatapi.RoomInfo, 0, len(names))
	for _, name := range names {
		ms, _, err := roomMembers(ctx, name)
		if err != nil {
			return nil, chatapi.StoreError("list rooms", err)
		}
		infos = append(infos, chatapi.RoomInfo{Name: name, Members: len(ms)})
	}
	return json.Marshal(infos)
}

// members returns a room's members sorted by nick.
func members(ctx context.Context, payload []byte) ([]byte, error) {
	var r chatapi.RoomRequest
	if err := chatapi.DecodeRequest(chatapi.OpMembers, payload, &r); err != nil {
		return nil, err
	}
	if msg := chatapi.ValidRoom(r.Room); msg != "" {
		return nil, errors.New(msg)
	}
	names, err := keyvalue.SetQuery(ctx, roomsKey)
	if err != nil {
		return nil, chatapi.StoreError("list members of "+r.Room, err)
	}
	if !slices.Contains(names, r.Room) {
		return nil, errors.New("no room " + r.Room)
	}
	ms, _, err := roomMembers(ctx, r.Room)
	if err != nil {
		return nil, chatapi.StoreError("list members of "+r.Room, err)
	}
	slices.SortFunc(ms, func(a, b chatapi.Member) int {
		return cmp.Or(cmp.Compare(a.Nick, b.Nick), cmp.Compare(a.Session, b.Session))
	})
	return json.Marshal(ms)
}

// dropSession removes the entries of session from room's member set, except keep (the entry
// about to be added, which need not be removed and re-added), and returns how many members of
// other sessions remain.
func dropSession(ctx context.Context, room, session, keep string) (others int, err error) {
	ms, raw, err := roomMembers(ctx, room)
	if err != nil {
		return 0, err
	}
	for i, m := range ms {
		if m.Session != session {
			others++
			continue
		}
		if raw[i] == keep {
			continue
		}
		if _, err := keyvalue.SetDel(ctx, membersPrefix+room, raw[i]); err != nil {
			return 0, err
		}
	}
	return others, nil
}

// roomMembers returns the members of room and, index for index, their entries in the store.
// Entries that are not a member's JSON are skipped: nothing this actor wrote.
func roomMembers(ctx context.Context, room string) ([]chatapi.Member, []string, error) {
	entries, err := keyvalue.SetQuery(ctx, membersPrefix+room)
	if err != nil {
		return nil, nil, err
	}
	ms := make([]chatapi.Member, 0, len(entries))
	raw := make([]string, 0, len(entries))
	for _, e := range entries {
		var m chatapi.Member
		if json.Unmarshal([]byte(e), &m) != nil {
			continue
		}
		ms = append(ms, m)
		raw = append(raw, e)
	}
	return ms, raw, nil
}

// validMember reports what is wrong with a Rooms.Join request, nil if nothing.
func validMember(m chatapi.Membership) error {
	if msg := chatapi.ValidRoom(m.Room); msg != "" {
		return errors.New(msg)
	}
	if msg := chatapi.ValidNick(m.Member.Nick); msg != "" {
		return errors.New(msg)
	}
	if m.Member.Session == "" {
		return fmt.Errorf("join room %s: the member has no session id", m.Room)
	}
	switch m.Member.Channel {
	case chatapi.ChannelTelnet, chatapi.ChannelHTTP, chatapi.ChannelNATS:
		return nil
	}
	return fmt.Errorf("join room %s: unknown channel %q (telnet, http or nats)", m.Room, m.Member.Channel)
}
