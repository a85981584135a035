//go:build !wasip1

package main

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/actortest"
	"github.com/trellis-lattice/trellis/contract/messaging"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

// host is a fake host: it answers Messages.Post with the stored message (or postErr) and
// records posts, publications and log lines.
type host struct {
	t       *testing.T
	postErr error
	pubErr  error

	mu    sync.Mutex
	posts []chatapi.PostRequest
	pubs  []messaging.PubMessage
	logs  []string
}

func (h *host) call(_ context.Context, c actortest.Call) ([]byte, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case c.Namespace == actor.LoggingContract:
		h.logs = append(h.logs, string(c.Payload))
		return nil, nil
	case c.Namespace == messaging.ContractID && c.Operation == messaging.OpPublish && c.Binding == "default":
		var m messaging.PubMessage
		if err := m.UnmarshalMsg(c.Payload); err != nil {
			h.t.Fatal(err)
		}
		h.pubs = append(h.pubs, m)
		return nil, h.pubErr
	case c.Namespace == chatapi.AliasMessages && c.Operation == chatapi.OpPost && c.Binding == "":
		var p chatapi.PostRequest
		if err := json.Unmarshal(c.Payload, &p); err != nil {
			h.t.Fatal(err)
		}
		h.posts = append(h.posts, p)
		if h.postErr != nil {
			return nil, h.postErr
		}
		return json.Marshal(message(p))
	}
	h.t.Errorf("unexpected host call %+v", c)
	return nil, errors.New("unexpected")
}

// message is what the fake messages actor stores for p.
func message(p chatapi.PostRequest) chatapi.Message {
	return chatapi.Message{ID: p.Room + "-1", Seq: 1, Room: p.Room, Nick: p.Nick, Text: p.Text, Channel: p.Channel,
		Time: time.Date(2026, 11, 23, 19, 0, 0, 0, time.UTC)}
}

func jsonOf(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHandleMessage(t *testing.T) {
	own := jsonOf(t, message(chatapi.PostRequest{Room: "go", Nick: "ann", Text: "hi", Channel: chatapi.ChannelTelnet}))
	tests := []struct {
		name     string
		subject  string
		body     string
		replyTo  string
		postErr  error
		wantPost *chatapi.PostRequest
		wantPub  string // the reply's body, "" when nothing is published
		wantLog  string // a substring of the only log line, "" for none
	}{
		{name: "json", subject: "chat.go", body: `{"nick":"bob","text":"hello"}`,
			wantPost: &chatapi.PostRequest{Room: "go", Nick: "bob", Text: "hello", Channel: chatapi.ChannelNATS}},
		{name: "json without nick", subject: "chat.go", body: `{"text":"hello"}`,
			wantPost: &chatapi.PostRequest{Room: "go", Nick: "nats", Text: "hello", Channel: chatapi.ChannelNATS}},
		{name: "plain text", subject: "chat.go", body: "  hello there\n",
			wantPost: &chatapi.PostRequest{Room: "go", Nick: "nats", Text: "hello there", Channel: chatapi.ChannelNATS}},
		{name: "reply with the stored message", subject: "chat.go", body: "hi", replyTo: "_INBOX.1",
			wantPost: &chatapi.PostRequest{Room: "go", Nick: "nats", Text: "hi", Channel: chatapi.ChannelNATS},
			wantPub:  jsonOf(t, message(chatapi.PostRequest{Room: "go", Nick: "nats", Text: "hi", Channel: chatapi.ChannelNATS}))},
		{name: "own message ignored", subject: "chat.go", body: own},
		{name: "own message with reply ignored", subject: "chat.go", body: own, replyTo: "_INBOX.2"},
		{name: "any id means ours", subject: "chat.go", body: `{"id":"","nick":"x","text":"y"}`},
		{name: "malformed json", subject: "chat.go", body: `{"nick":`, replyTo: "_INBOX.3",
			wantPub: `{"error":"malformed JSON body (send {\"nick\":\"…\",\"text\":\"…\"} or plain text): unexpected end of JSON input"}`,
			wantLog: "malformed JSON body"},
		{name: "wrong json type", subject: "chat.go", body: `{"nick":3,"text":"x"}`, wantLog: "malformed JSON body"},
		{name: "empty body", subject: "chat.go", body: " ", wantLog: "empty message"},
		{name: "invalid room", subject: "chat.Go", body: "hi", replyTo: "_INBOX.4",
			wantPub: jsonOf(t, map[string]string{"error": `subject "chat.Go": ` + chatapi.ValidRoom("Go")}), wantLog: "room names are"},
		{name: "no room", subject: "chat", body: "hi", wantLog: `subject "chat" names no room`},
		{name: "post refused", subject: "chat.go", body: `{"nick":"a b","text":"x"}`, replyTo: "_INBOX.5",
			postErr:  errors.New(chatapi.ValidNick("a b")),
			wantPost: &chatapi.PostRequest{Room: "go", Nick: "a b", Text: "x", Channel: chatapi.ChannelNATS},
			wantPub:  jsonOf(t, map[string]string{"error": chatapi.ValidNick("a b")}), wantLog: "host call chat/messages Messages.Post: nicks are"},
		{name: "messages down, no reply subject", subject: "chat.go", body: "hi",
			postErr:  errors.New("Call alias not found: chat/messages on default"),
			wantPost: &chatapi.PostRequest{Room: "go", Nick: "nats", Text: "hi", Channel: chatapi.ChannelNATS},
			wantLog:  "Call alias not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &host{t: t, postErr: tt.postErr}
			msg := messaging.SubMessage{Subject: tt.subject, Body: []byte(tt.body)}
			if tt.replyTo != "" {
				msg.ReplyTo = &tt.replyTo
			}
			ctx := actortest.WithHost(t.Context(), h.call)
			if _, err := actortest.Invoke(ctx, messaging.OpHandleMessage, msg.AppendMsg(nil)); err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.wantPost == nil && len(h.posts) != 0:
				t.Errorf("posted %+v, want nothing", h.posts)
			case tt.wantPost != nil && (len(h.posts) != 1 || h.posts[0] != *tt.wantPost):
				t.Errorf("posted %+v, want [%+v]", h.posts, *tt.wantPost)
			}
			// A stored message is published once on its room's subject; the rest are replies.
			var replies []messaging.PubMessage
			rooms := 0
			for _, p := range h.pubs {
				if p.Subject == tt.subject && tt.replyTo != tt.subject {
					rooms++
				} else {
					replies = append(replies, p)
				}
			}
			if stored := tt.wantPost != nil && tt.postErr == nil; (rooms == 1) != stored || rooms > 1 {
				t.Errorf("published %d times on %s, want %v", rooms, tt.subject, stored)
			}
			switch {
			case tt.wantPub == "" && len(replies) != 0:
				t.Errorf("replied %+v, want nothing", replies)
			case tt.wantPub != "" && (len(replies) != 1 || replies[0].Subject != tt.replyTo || string(replies[0].Body) != tt.wantPub || replies[0].ReplyTo != nil):
				t.Errorf("replied %+v\nwant body %s on %s", replies, tt.wantPub, tt.replyTo)
			}
			switch {
			case tt.wantLog == "" && len(h.logs) != 0:
				t.Errorf("logged %q, want nothing", h.logs)
			case tt.wantLog != "" && (len(h.logs) != 1 || !strings.Contains(h.logs[0], tt.wantLog)):
				t.Errorf("logged %q, want one line with %q", h.logs, tt.wantLog)
			}
		})
	}
}

func TestReplyPublishFails(t *testing.T) {
	h := &host{t: t, pubErr: errors.New("not connected")}
	inbox := "_INBOX.9"
	msg := messaging.SubMessage{Subject: "chat.go", ReplyTo: &inbox, Body: []byte("hi")}
	if _, err := actortest.Invoke(actortest.WithHost(t.Context(), h.call), messaging.OpHandleMessage, msg.AppendMsg(nil)); err != nil {
		t.Fatal(err)
	}
	// Both the publication of the stored message and the reply fail, and both are logged.
	if len(h.logs) != 2 || !strings.Contains(h.logs[0], "publish go-1") || !strings.Contains(h.logs[1], "reply to chat.go on _INBOX.9") {
		t.Errorf("logged %q", h.logs)
	}
}

func TestDeliver(t *testing.T) {
	m := message(chatapi.PostRequest{Room: "go", Nick: "ann", Text: "hi", Channel: chatapi.ChannelTelnet})
	tests := []struct {
		name    string
		payload string
		pubErr  error
		wantPub bool
		wantErr string
	}{
		{name: "publish", payload: jsonOf(t, chatapi.Delivery{Message: m}), wantPub: true},
		{name: "sessions ignored", payload: jsonOf(t, chatapi.Delivery{Message: m, Sessions: []string{"s1"}}), wantPub: true},
		{name: "provider down", payload: jsonOf(t, chatapi.Delivery{Message: m}), pubErr: errors.New("no link"), wantPub: true,
			wantErr: "publish go-1: host call wasmcloud:messaging Messaging.Publish: no link"},
		{name: "bad room", payload: jsonOf(t, chatapi.Delivery{Message: chatapi.Message{ID: "x", Room: "a.>"}}),
			wantErr: "deliver x: " + chatapi.ValidRoom("a.>")},
		{name: "bad payload", payload: "[", wantErr: "decode Chat.Deliver: unexpected end of JSON input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &host{t: t, pubErr: tt.pubErr}
			_, err := actortest.Invoke(actortest.WithHost(t.Context(), h.call), chatapi.OpDeliver, []byte(tt.payload))
			if got := errText(err); got != tt.wantErr {
				t.Errorf("err %q, want %q", got, tt.wantErr)
			}
			if !tt.wantPub {
				if len(h.pubs) != 0 {
					t.Errorf("published %+v", h.pubs)
				}
				return
			}
			if len(h.pubs) != 1 || h.pubs[0].Subject != "chat.go" || h.pubs[0].ReplyTo != nil || string(h.pubs[0].Body) != jsonOf(t, m) {
				t.Errorf("published %+v, want %s on chat.go", h.pubs, jsonOf(t, m))
			}
		})
	}
}

// TestNoLoop feeds what the actor publishes after posting back in as a subscribed message, as
// the provider does with subscription chat.*: nothing is posted again. (Messages.Post does not
// call Chat.Deliver back on the writer's channel: channel-nats publishes its own posts.)
func TestNoLoop(t *testing.T) {
	h := &host{t: t}
	ctx := actortest.WithHost(t.Context(), h.call)
	in := messaging.SubMessage{Subject: "chat.go", Body: []byte(`{"nick":"bob","text":"hi"}`)}
	if _, err := actortest.Invoke(ctx, messaging.OpHandleMessage, in.AppendMsg(nil)); err != nil {
		t.Fatal(err)
	}
	if len(h.pubs) != 1 || string(h.pubs[0].Body) != jsonOf(t, message(h.posts[0])) {
		t.Fatalf("after posting, published %+v; want the stored message once", h.pubs)
	}
	echo := messaging.SubMessage{Subject: h.pubs[0].Subject, Body: h.pubs[0].Body}
	if _, err := actortest.Invoke(ctx, messaging.OpHandleMessage, echo.AppendMsg(nil)); err != nil {
		t.Fatal(err)
	}
	if len(h.posts) != 1 || len(h.pubs) != 1 {
		t.Errorf("posts %d, publications %d; want 1 and 1", len(h.posts), len(h.pubs))
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
