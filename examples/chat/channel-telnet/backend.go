package main

import (
	"context"

	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

// getSession asks presence for a session.
func getSession(ctx context.Context, id string) (chatapi.Session, error) {
	var s chatapi.Session
	err := chatapi.Call(ctx, chatapi.AliasPresence, chatapi.OpGet, chatapi.SessionRequest{ID: id}, &s)
	return s, err
}

// membership is s as a member of room, the input of Rooms.Join and Rooms.Leave.
func membership(room string, s chatapi.Session) chatapi.Membership {
	return chatapi.Membership{Room: room, Member: chatapi.Member{Channel: chatapi.ChannelTelnet, Session: s.ID, Nick: s.Nick}}
}
