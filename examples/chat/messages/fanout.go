package main

import (
	"context"
	"strings"

	"github.com/trellis-lattice/trellis/actor/logging"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

// deliver hands a stored message to the channel actors: channel-telnet for the room's telnet
// members, channel-nats always — except the channel the message came from, which is waiting
// for this post and delivers it itself when the post returns (calling it back now would wait
// for it: with its instances all busy, forever). Nothing here fails the post; problems are
// logged.
func deliver(ctx context.Context, m chatapi.Message) {
	if m.Channel == chatapi.ChannelTelnet {
		// channel-telnet delivers to the room's telnet members itself.
	} else if sessions := telnetSessions(ctx, m.Room); len(sessions) > 0 {
		if err := chatapi.Call(ctx, chatapi.AliasTelnet, chatapi.OpDeliver, chatapi.Delivery{Message: m, Sessions: sessions}, nil); err != nil {
			logging.Warnf(ctx, "deliver %s to %d telnet sessions: %v", m.ID, len(sessions), err)
		}
	}
	// channel-nats is optional: when it is not deployed the call fails, which is no news.
	if m.Channel == chatapi.ChannelNATS {
		return // channel-nats publishes it itself
	}
	if err := chatapi.Call(ctx, chatapi.AliasNATS, chatapi.OpDeliver, chatapi.Delivery{Message: m}, nil); err != nil {
		logging.Debugf(ctx, "deliver %s to %s: %v", m.ID, chatapi.AliasNATS, err)
	}
}

// telnetSessions returns the sessions of room's members who use telnet, in the order rooms
// returns them (by nick). A room the rooms actor does not know has no members; any other
// failure is logged and also yields none.
func telnetSessions(ctx context.Context, room string) []string {
	var members []chatapi.Member
	err := chatapi.Call(ctx, chatapi.AliasRooms, chatapi.OpMembers, chatapi.RoomRequest{Room: room}, &members)
	if err != nil {
		if !strings.Contains(err.Error(), "no room "+room) {
			logging.Warnf(ctx, "deliver to %s: members unknown: %v", room, err)
		}
		return nil
	}
	var sessions []string
	for _, mem := range members {
		if mem.Channel == chatapi.ChannelTelnet && mem.Session != "" {
			sessions = append(sessions, mem.Session)
		}
	}
	return sessions
}
