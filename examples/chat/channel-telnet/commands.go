package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

// helpText lists the commands; the welcome and /help show it.
const helpText = `Commands:
  /join ROOM   join ROOM (leaving the one you are in)
  /leave       leave your room
  /rooms       list the rooms
  /who         who is in your room (or online, outside a room)
  /nick NAME   change your nick
  /help        show this list
  /quit        say goodbye
Anything else you type is said in your room.
`

// A command answers one slash command of session id with argument arg (the rest of the line,
// trimmed). The reply ends with a newline; an error is shown to the user as "! <error>".
type command func(ctx context.Context, id, arg string) (string, error)

// commands maps each command name, with its slash, to its implementation.
var commands = map[string]command{
	"/join":  join,
	"/leave": leave,
	"/rooms": rooms,
	"/who":   who,
	"/nick":  nick,
	"/help":  func(context.Context, string, string) (string, error) { return helpText, nil },
	"/quit":  quit,
}

// errNoRoom is the answer to room commands outside a room.
var errNoRoom = errors.New("you are not in a room")

// respond answers a non-empty line of session id: a command or a message for the room.
func respond(ctx context.Context, id, line string) (string, error) {
	if !strings.HasPrefix(line, "/") {
		return "", say(ctx, id, line)
	}
	name, arg, _ := strings.Cut(line, " ")
	cmd, ok := commands[strings.ToLower(name)]
	if !ok {
		return "unknown command " + name + " — try /help\n", nil
	}
	return cmd(ctx, id, strings.TrimSpace(arg))
}

// say posts text to the session's room, then delivers the stored message to the room's telnet
// members, the writer included (Messages.Post leaves the writer's channel to do that).
func say(ctx context.Context, id, text string) error {
	s, err := getSession(ctx, id)
	if err != nil {
		return err
	}
	if s.Room == "" {
		return errors.New("join a room first: /join ROOM")
	}
	req := chatapi.PostRequest{Room: s.Room, Nick: s.Nick, Text: text, Channel: chatapi.ChannelTelnet, Session: id}
	var m chatapi.Message
	if err := chatapi.Call(ctx, chatapi.AliasMessages, chatapi.OpPost, req, &m); err != nil {
		return err
	}
	var members []chatapi.Member
	if err := chatapi.Call(ctx, chatapi.AliasRooms, chatapi.OpMembers, chatapi.RoomRequest{Room: m.Room}, &members); err != nil {
		return fmt.Errorf("your message was stored, but the room's members are unknown: %w", err)
	}
	var sessions []string
	for _, mem := range members {
		if mem.Channel == chatapi.ChannelTelnet {
			sessions = append(sessions, mem.Session)
		}
	}
	return deliverTo(ctx, m, sessions)
}

// join moves the session into a room and shows the room's latest messages.
func join(ctx context.Context, id, arg string) (string, error) {
	if arg == "" {
		return "usage: /join ROOM\n", nil
	}
	room := strings.ToLower(strings.TrimPrefix(arg, "#"))
	if msg := chatapi.ValidRoom(room); msg != "" {
		return "", errors.New(msg)
	}
	s, err := getSession(ctx, id)
	if err != nil {
		return "", err
	}
	if s.Room != "" && s.Room != room {
		if err := chatapi.Call(ctx, chatapi.AliasRooms, chatapi.OpLeave, membership(s.Room, s), nil); err != nil {
			return "", err
		}
		s.Room = ""
		if err := chatapi.Call(ctx, chatapi.AliasPresence, chatapi.OpUpdate, s, nil); err != nil {
			return "", err
		}
	}
	var info chatapi.RoomInfo
	if err := chatapi.Call(ctx, chatapi.AliasRooms, chatapi.OpJoin, membership(room, s), &info); err != nil {
		return "", err
	}
	s.Room = room
	if err := chatapi.Call(ctx, chatapi.AliasPresence, chatapi.OpUpdate, s, nil); err != nil {
		return "", err
	}
	reply := "* joined #" + room + " (" + strconv.Itoa(info.Members) + " online)\n"
	var history []chatapi.Message
	err = chatapi.Call(ctx, chatapi.AliasMessages, chatapi.OpHistory, chatapi.HistoryRequest{Room: room, Limit: historyLines}, &history)
	if err != nil && chatapi.UserText(err) != "no room "+room { // a room without messages yet
		return reply, errors.New("no history: " + chatapi.UserText(err))
	}
	for _, m := range history[max(0, len(history)-historyLines):] {
		reply += formatMessage(m) + "\n"
	}
	return reply, nil
}

// leave takes the session out of its room.
func leave(ctx context.Context, id, _ string) (string, error) {
	s, err := getSession(ctx, id)
	if err != nil {
		return "", err
	}
	if s.Room == "" {
		return "", errNoRoom
	}
	if err := chatapi.Call(ctx, chatapi.AliasRooms, chatapi.OpLeave, membership(s.Room, s), nil); err != nil {
		return "", err
	}
	room := s.Room
	s.Room = ""
	if err := chatapi.Call(ctx, chatapi.AliasPresence, chatapi.OpUpdate, s, nil); err != nil {
		return "", err
	}
	return "* left #" + room + "\n", nil
}

// rooms lists the rooms and how many are in each.
func rooms(ctx context.Context, _, _ string) (string, error) {
	var list []chatapi.RoomInfo
	if err := chatapi.Call(ctx, chatapi.AliasRooms, chatapi.OpList, nil, &list); err != nil {
		return "", err
	}
	if len(list) == 0 {
		return "no rooms yet: /join one\n", nil
	}
	var b strings.Builder
	for _, r := range list {
		b.WriteString("#" + r.Name + " (" + strconv.Itoa(r.Members) + ")\n")
	}
	return b.String(), nil
}

// who lists the members of the session's room, or everyone online when it is in none.
func who(ctx context.Context, id, _ string) (string, error) {
	s, err := getSession(ctx, id)
	if err != nil {
		return "", err
	}
	if s.Room == "" {
		var online []chatapi.Session
		if err := chatapi.Call(ctx, chatapi.AliasPresence, chatapi.OpOnline, nil, &online); err != nil {
			return "", err
		}
		reply := "* " + strconv.Itoa(len(online)) + " online:\n"
		for _, o := range online {
			reply += "  " + o.Nick + " (" + o.Channel + ")"
			if o.Room != "" {
				reply += " in #" + o.Room
			}
			reply += "\n"
		}
		return reply, nil
	}
	var members []chatapi.Member
	if err := chatapi.Call(ctx, chatapi.AliasRooms, chatapi.OpMembers, chatapi.RoomRequest{Room: s.Room}, &members); err != nil {
		return "", err
	}
	reply := "* " + strconv.Itoa(len(members)) + " in #" + s.Room + ":\n"
	for _, m := range members {
		reply += "  " + m.Nick + " (" + m.Channel + ")\n"
	}
	return reply, nil
}

// nick renames the session, in presence and in its room's member list.
func nick(ctx context.Context, id, arg string) (string, error) {
	if arg == "" {
		return "usage: /nick NAME\n", nil
	}
	if msg := chatapi.ValidNick(arg); msg != "" {
		return "", errors.New(msg)
	}
	s, err := getSession(ctx, id)
	if err != nil {
		return "", err
	}
	s.Nick = arg
	if err := chatapi.Call(ctx, chatapi.AliasPresence, chatapi.OpUpdate, s, nil); err != nil {
		return "", err
	}
	if s.Room != "" {
		if err := chatapi.Call(ctx, chatapi.AliasRooms, chatapi.OpJoin, membership(s.Room, s), nil); err != nil {
			return "", err
		}
	}
	return "* you are now " + arg + "\n", nil
}

// quit says goodbye. The telnet contract has no way to close a session from the actor, so the
// user closes the connection; Telnet.SessionEnded then cleans up.
func quit(context.Context, string, string) (string, error) {
	return "bye! Close your telnet client to disconnect (Ctrl-] then quit).\n", nil
}
