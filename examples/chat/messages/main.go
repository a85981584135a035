// Command messages is the message store of the chat example: it checks and stores the messages
// written through any channel, keeps each room's latest chatapi.MaxHistory of them, and hands
// every new message to the channel actors that deliver it. It keeps no state of its own;
// everything lives in the wasmcloud:keyvalue store linked as "default":
//
//	chat:seq:<room>       counter numbering the room's messages 1, 2, …
//	chat:history:<room>   list of the room's latest messages, oldest first, each a chatapi.Message
//	chat:rooms            set of room names, shared with the rooms actor: posting creates the room
//
// Operations (call alias chat/messages, JSON bodies of package chatapi):
//
//	Messages.Post     PostRequest → Message       stores the message, then delivers it
//	Messages.History  HistoryRequest → []Message  the room's latest messages, oldest first
//
// Delivery never fails a post: after storing a message, Post asks chat/rooms for the room's
// members, calls Chat.Deliver on chat/channel-telnet with the sessions of its telnet members
// (if any), and always calls Chat.Deliver on chat/channel-nats, which publishes every message.
// A failure there is logged and the post still succeeds (the message is in the history).
//
// Capability claims: wasmcloud:keyvalue, wasmcloud:builtin:logging.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/keyvalue"
	"github.com/trellis-lattice/trellis/actor/logging"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

// Store keys: roomsKey is the set of rooms; the prefixes followed by a room name give its
// message counter and its history list.
const (
	roomsKey      = "chat:rooms"
	seqPrefix     = "chat:seq:"
	historyPrefix = "chat:history:"
)

// errNotUTF8 rejects a message whose text is not UTF-8 (a telnet client in another encoding).
var errNotUTF8 = errors.New("message is not valid UTF-8 text: set your client to UTF-8")

func init() {
	actor.Handle(chatapi.OpPost, post)
	actor.Handle(chatapi.OpHistory, history)
}

func main() {}

// post checks, numbers, stores and delivers a message, and returns it as stored.
func post(ctx context.Context, payload []byte) ([]byte, error) {
	// encoding/json turns invalid UTF-8 into U+FFFD, so look at the bytes before it does.
	if !utf8.Valid(payload) {
		return nil, errNotUTF8
	}
	var req chatapi.PostRequest
	if err := chatapi.DecodeRequest(chatapi.OpPost, payload, &req); err != nil {
		return nil, err
	}
	text, err := validPost(req)
	if err != nil {
		return nil, err
	}
	seq, err := keyvalue.Increment(ctx, seqPrefix+req.Room, 1)
	if err != nil {
		return nil, chatapi.StoreError("post to "+req.Room, err)
	}
	m := chatapi.Message{
		ID:      req.Room + "-" + strconv.FormatInt(int64(seq), 10),
		Seq:     int64(seq),
		Room:    req.Room,
		Nick:    req.Nick,
		Text:    text,
		Channel: req.Channel,
		Time:    time.Now().UTC(),
	}
	body, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	if err := appendHistory(ctx, m.Room, string(body)); err != nil {
		return nil, chatapi.StoreError("post to "+req.Room, err)
	}
	if _, err := keyvalue.SetAdd(ctx, roomsKey, m.Room); err != nil {
		return nil, chatapi.StoreError("post to "+req.Room, err)
	}
	deliver(ctx, m)
	return body, nil
}

// history returns a room's latest messages, oldest first.
func history(ctx context.Context, payload []byte) ([]byte, error) {
	var req chatapi.HistoryRequest
	if err := chatapi.DecodeRequest(chatapi.OpHistory, payload, &req); err != nil {
		return nil, err
	}
	if msg := chatapi.ValidRoom(req.Room); msg != "" {
		return nil, errors.New(msg)
	}
	rooms, err := keyvalue.SetQuery(ctx, roomsKey)
	if err != nil {
		return nil, chatapi.StoreError("read the history of "+req.Room, err)
	}
	if !slices.Contains(rooms, req.Room) {
		return nil, errors.New("no room " + req.Room)
	}
	limit := req.Limit
	if limit <= 0 || limit > chatapi.MaxHistory {
		limit = chatapi.MaxHistory
	}
	entries, err := keyvalue.ListRange(ctx, historyPrefix+req.Room, int32(-limit), -1)
	if err != nil {
		return nil, chatapi.StoreError("read the history of "+req.Room, err)
	}
	msgs := make([]chatapi.Message, 0, len(entries))
	for _, e := range entries {
		var m chatapi.Message
		if err := json.Unmarshal([]byte(e), &m); err != nil {
			logging.Warnf(ctx, "history of %s: skip an unreadable entry: %v", req.Room, err)
			continue
		}
		msgs = append(msgs, m)
	}
	return json.Marshal(msgs)
}

// appendHistory adds a message to the end of room's history and drops the oldest ones beyond
// chatapi.MaxHistory. Every entry is unique (it carries the message id), so deleting the first
// occurrence of an old entry deletes exactly that message.
func appendHistory(ctx context.Context, room, entry string) error {
	list := historyPrefix + room
	n, err := keyvalue.ListAdd(ctx, list, entry)
	if err != nil {
		return err
	}
	excess := int64(n) - chatapi.MaxHistory
	if excess <= 0 {
		return nil
	}
	old, err := keyvalue.ListRange(ctx, list, 0, int32(excess-1))
	if err != nil {
		return err
	}
	for _, e := range old {
		if _, err := keyvalue.ListDel(ctx, list, e); err != nil {
			return err
		}
	}
	return nil
}

// validPost checks a post and returns its text without surrounding white space.
func validPost(req chatapi.PostRequest) (string, error) {
	if msg := chatapi.ValidRoom(req.Room); msg != "" {
		return "", errors.New(msg)
	}
	if msg := chatapi.ValidNick(req.Nick); msg != "" {
		return "", errors.New(msg)
	}
	text := strings.TrimSpace(req.Text)
	switch {
	case text == "":
		return "", errors.New("empty message")
	case len(text) > chatapi.MaxText:
		return "", fmt.Errorf("message too long: %d bytes, at most %d", len(text), chatapi.MaxText)
	case !utf8.ValidString(text):
		return "", errNotUTF8
	}
	switch req.Channel {
	case chatapi.ChannelTelnet, chatapi.ChannelHTTP, chatapi.ChannelNATS:
		return text, nil
	}
	return "", fmt.Errorf("unknown channel %q: messages come from telnet, http or nats", req.Channel)
}
