package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/httpserver"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

// listRooms answers GET /rooms.
func listRooms(ctx context.Context, _ *httpserver.Request, _ string) *httpserver.Response {
	rooms, err := roomList(ctx)
	if err != nil {
		return backendError(err, 500)
	}
	return jsonReply(200, rooms)
}

// roomList calls Rooms.List; the list is never nil, so it encodes as [].
func roomList(ctx context.Context) ([]chatapi.RoomInfo, error) {
	rooms := []chatapi.RoomInfo{}
	if err := chatapi.Call(ctx, chatapi.AliasRooms, chatapi.OpList, nil, &rooms); err != nil {
		return nil, err
	}
	if rooms == nil {
		rooms = []chatapi.RoomInfo{}
	}
	return rooms, nil
}

// history answers GET /rooms/{room}/messages[?limit=N]. A room is unknown when neither the
// messages actor nor the rooms actor knows it; a room only one of them knows has no messages yet.
func history(ctx context.Context, req *httpserver.Request, room string) *httpserver.Response {
	if msg := chatapi.ValidRoom(room); msg != "" {
		return errorReply(400, msg)
	}
	limit, msg := parseLimit(req.QueryString)
	if msg != "" {
		return errorReply(400, msg)
	}
	msgs := []chatapi.Message{}
	err := chatapi.Call(ctx, chatapi.AliasMessages, chatapi.OpHistory, chatapi.HistoryRequest{Room: room, Limit: limit}, &msgs)
	noRoom := err != nil && isNoRoom(err, room)
	switch {
	case err != nil && !noRoom:
		return backendError(err, 500)
	case len(msgs) > 0:
		return jsonReply(200, msgs)
	}
	rooms, lerr := roomList(ctx)
	if lerr == nil && !containsRoom(rooms, room) || lerr != nil && noRoom {
		return errorReply(404, "no room "+room)
	}
	return jsonReply(200, []chatapi.Message{})
}

// isNoRoom reports whether err is a backend's "no room <room>" answer.
func isNoRoom(err error, room string) bool {
	_, ok := errors.AsType[*actor.HostError](err)
	return ok && chatapi.UserText(err) == "no room "+room
}

// containsRoom reports whether rooms lists name.
func containsRoom(rooms []chatapi.RoomInfo, name string) bool {
	for _, r := range rooms {
		if r.Name == name {
			return true
		}
	}
	return false
}

// parseLimit reads the optional limit parameter of query: 0 (everything kept) when absent, or
// why it is not a valid limit.
func parseLimit(query string) (int, string) {
	const bad = "limit must be a whole number from 1 to 200"
	values, err := url.ParseQuery(query)
	if err != nil {
		return 0, "malformed query string: " + err.Error()
	}
	s := values.Get("limit")
	if s == "" {
		return 0, ""
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > chatapi.MaxHistory {
		return 0, bad
	}
	return n, ""
}

// postBody is the body of POST /rooms/{room}/messages.
type postBody struct {
	Nick string `json:"nick"`
	Text string `json:"text"`
}

// post answers POST /rooms/{room}/messages with the stored message.
func post(ctx context.Context, req *httpserver.Request, room string) *httpserver.Response {
	if msg := chatapi.ValidRoom(room); msg != "" {
		return errorReply(400, msg)
	}
	body, msg := decodePost(req.Body)
	if msg != "" {
		return errorReply(400, msg)
	}
	var m chatapi.Message
	in := chatapi.PostRequest{Room: room, Nick: body.Nick, Text: body.Text, Channel: chatapi.ChannelHTTP}
	if err := chatapi.Call(ctx, chatapi.AliasMessages, chatapi.OpPost, in, &m); err != nil {
		return backendError(err, 400)
	}
	return jsonReply(201, m)
}

// decodePost reads and checks a post body, or says what is wrong with it.
func decodePost(data []byte) (postBody, string) {
	const shape = `; send {"nick":"…","text":"…"}`
	var b postBody
	if len(bytes.TrimSpace(data)) == 0 {
		return b, "the request body is empty" + shape
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&b); err != nil {
		return b, "malformed JSON body: " + err.Error() + shape
	}
	if dec.More() {
		return b, "malformed JSON body: data after the object" + shape
	}
	if msg := chatapi.ValidNick(b.Nick); msg != "" {
		return b, msg
	}
	if strings.TrimSpace(b.Text) == "" {
		return b, "text is empty" + shape
	}
	if len(b.Text) > chatapi.MaxText {
		return b, "text is " + strconv.Itoa(len(b.Text)) + " bytes; the most is " + strconv.Itoa(chatapi.MaxText)
	}
	return b, ""
}
