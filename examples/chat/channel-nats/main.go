// Command channel-nats is the NATS channel of the chat example: it bridges the rooms to NATS
// subjects chat.<room>, so any NATS client can read and write the chat.
//
// Operations:
//   - MessageSubscriber.HandleMessage: a message on chat.<room> is posted to room (Messages.Post,
//     channel nats). Its body is JSON {"nick":…,"text":…} or plain text, said by "nats". A JSON
//     body with an "id" member is a message this actor published itself and is ignored, so
//     nothing loops. Failures are logged; a message with a reply subject is answered there with
//     the stored message or {"error":…}.
//   - Chat.Deliver (from the messages actor): publishes every stored message, as the JSON of
//     chatapi.Message, on chat.<room>.
//
// Which subjects arrive is link configuration: the manifest's link to the messaging provider
// sets SUBSCRIPTION=chat.*. The actor keeps no state.
//
// Capability claims: wasmcloud:messaging, wasmcloud:builtin:logging. Call alias: chat/channel-nats.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/logging"
	"github.com/trellis-lattice/trellis/actor/messaging"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

func init() {
	messaging.HandleMessage(handleMessage)
	actor.Handle(chatapi.OpDeliver, deliver)
}

func main() {}

// subjectPrefix starts every chat subject: chat.<room>.
const subjectPrefix = "chat."

// defaultNick says plain-text messages and JSON ones without a nick.
const defaultNick = "nats"

// errOwnMessage marks a body this actor published itself.
var errOwnMessage = errors.New("own message")

// handleMessage posts a subscribed message to its room and answers its reply subject, if any.
// Failures are the sender's problem, not the provider's: they are logged and answered, and the
// invocation succeeds.
func handleMessage(ctx context.Context, msg *messaging.SubMessage) error {
	m, err := post(ctx, msg)
	switch {
	case errors.Is(err, errOwnMessage):
		return nil
	case err != nil:
		logging.Warnf(ctx, "chat message on %s: %v", msg.Subject, err)
		reply(ctx, msg, struct {
			Error string `json:"error"`
		}{chatapi.UserText(err)})
	default:
		// Messages.Post leaves the writer's channel to deliver: publish the stored message.
		if err := publish(ctx, m); err != nil {
			logging.Warnf(ctx, "%v", err)
		}
		reply(ctx, msg, m)
	}
	return nil
}

// post turns a subscribed message into Messages.Post and returns the stored message.
func post(ctx context.Context, msg *messaging.SubMessage) (chatapi.Message, error) {
	var m chatapi.Message
	room, err := subjectRoom(msg.Subject)
	if err != nil {
		return m, err
	}
	nick, text, err := parseBody(msg.Body)
	if err != nil {
		return m, err
	}
	in := chatapi.PostRequest{Room: room, Nick: nick, Text: text, Channel: chatapi.ChannelNATS}
	err = chatapi.Call(ctx, chatapi.AliasMessages, chatapi.OpPost, in, &m)
	return m, err
}

// subjectRoom is the room of subject chat.<room>: its last token.
func subjectRoom(subject string) (string, error) {
	i := strings.LastIndexByte(subject, '.')
	if i < 0 {
		return "", fmt.Errorf("subject %q names no room: publish to %sROOM", subject, subjectPrefix)
	}
	room := subject[i+1:]
	if msg := chatapi.ValidRoom(room); msg != "" {
		return "", fmt.Errorf("subject %q: %s", subject, msg)
	}
	return room, nil
}

// parseBody reads a message body: a JSON object {"nick","text"} (one with an "id" is our own
// publication: errOwnMessage) or, when it does not start with "{", plain text.
func parseBody(body []byte) (nick, text string, err error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return "", "", errors.New(`empty message: send {"nick":"…","text":"…"} or plain text`)
	}
	if trimmed[0] != '{' {
		return defaultNick, string(trimmed), nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &fields); err != nil {
		return "", "", fmt.Errorf(`malformed JSON body (send {"nick":"…","text":"…"} or plain text): %w`, err)
	}
	if _, ok := fields["id"]; ok {
		return "", "", errOwnMessage
	}
	var in struct {
		Nick string `json:"nick"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(trimmed, &in); err != nil {
		return "", "", fmt.Errorf(`malformed JSON body (send {"nick":"…","text":"…"} or plain text): %w`, err)
	}
	if in.Nick == "" {
		in.Nick = defaultNick
	}
	return in.Nick, in.Text, nil
}

// reply publishes v as JSON on msg's reply subject, if it has one.
func reply(ctx context.Context, msg *messaging.SubMessage, v any) {
	if msg.ReplyTo == nil || *msg.ReplyTo == "" {
		return
	}
	body, err := json.Marshal(v)
	if err == nil {
		err = messaging.Publish(ctx, *msg.ReplyTo, "", body)
	}
	if err != nil {
		logging.Errorf(ctx, "reply to %s on %s: %v", msg.Subject, *msg.ReplyTo, err)
	}
}

// deliver publishes a stored message on its room's subject.
func deliver(ctx context.Context, payload []byte) ([]byte, error) {
	var d chatapi.Delivery
	if err := json.Unmarshal(payload, &d); err != nil {
		return nil, fmt.Errorf("decode %s: %w", chatapi.OpDeliver, err)
	}
	return nil, publish(ctx, d.Message)
}

// publish sends a stored message on its room's subject.
func publish(ctx context.Context, m chatapi.Message) error {
	if msg := chatapi.ValidRoom(m.Room); msg != "" {
		return fmt.Errorf("deliver %s: %s", m.ID, msg)
	}
	body, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode %s: %w", m.ID, err)
	}
	if err := messaging.Publish(ctx, subjectPrefix+m.Room, "", body); err != nil {
		return fmt.Errorf("publish %s: %w", m.ID, err)
	}
	return nil
}
