// Command channel-telnet is the telnet channel of the chat example: people connect with a telnet
// client, pick a room with /join and chat with everyone in it, whether they came in by telnet,
// HTTP or NATS.
//
// Operations:
//   - Telnet.SessionStarted: records the session with presence under a guest nick
//     ("guest-" and the end of the session id) and sends a welcome and the command list.
//   - Telnet.ReceiveText: runs a command (/join ROOM, /leave, /rooms, /who, /nick NAME, /help,
//     /quit) or posts the line to the session's room. Backend errors are written to the user
//     as "! <error>".
//   - Telnet.SessionEnded: leaves the session's room and forgets the session.
//   - Chat.Deliver (from the messages actor): writes "[#room] nick: text" to every listed
//     session, the writer's own included, with " (via http)" or " (via nats)" for messages
//     written elsewhere.
//
// The actor keeps no state of its own: a session's nick and room live in the presence actor,
// rooms in the rooms actor and messages in the messages actor (see package chatapi). The
// telnet provider cannot close a connection, so /quit only says goodbye and asks the user to
// close their client; the session ends (and is cleaned up) when they do.
//
// Capability claims: wasmcloud:telnet. Call alias: chat/channel-telnet.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/telnet"
	"github.com/trellis-lattice/trellis/examples/chat/chatapi"
)

func init() {
	telnet.HandleSessionStarted(sessionStarted)
	telnet.HandleReceiveText(receiveText)
	telnet.HandleSessionEnded(sessionEnded)
	actor.Handle(chatapi.OpDeliver, deliver)
}

func main() {}

// historyLines is how many past messages /join shows.
const historyLines = 10

// sessionStarted records the new session and greets it. A presence failure refuses the session:
// the provider shows the error and hangs up, since nothing would work without presence.
func sessionStarted(ctx context.Context, s *telnet.SessionStarted) error {
	nick := guestNick(s.Session)
	err := chatapi.Call(ctx, chatapi.AliasPresence, chatapi.OpStart, chatapi.Session{
		ID: s.Session, Channel: chatapi.ChannelTelnet, Nick: nick, Since: time.Now().UTC(),
	}, nil)
	if err != nil {
		return fmt.Errorf("chat is unavailable, try again later: %s", chatapi.UserText(err))
	}
	return telnet.SendText(ctx, s.Session, "Welcome to Trellis chat, "+nick+"!\n"+helpText)
}

// receiveText answers one line: a command, or a message for the session's room.
func receiveText(ctx context.Context, m *telnet.TextMessage) error {
	line := strings.TrimSpace(m.Text)
	if line == "" {
		return nil
	}
	reply, err := respond(ctx, m.Session, line)
	if err != nil {
		reply += "! " + chatapi.UserText(err) + "\n"
	}
	if reply == "" {
		return nil
	}
	return telnet.SendText(ctx, m.Session, reply)
}

// sessionEnded takes a closed session out of its room and out of presence.
func sessionEnded(ctx context.Context, e *telnet.SessionEnded) error {
	var errs []error
	if s, err := getSession(ctx, e.Session); err != nil {
		errs = append(errs, err)
	} else if s.Room != "" {
		errs = append(errs, chatapi.Call(ctx, chatapi.AliasRooms, chatapi.OpLeave, membership(s.Room, s), nil))
	}
	errs = append(errs, chatapi.Call(ctx, chatapi.AliasPresence, chatapi.OpEnd, chatapi.SessionRequest{ID: e.Session}, nil))
	return errors.Join(errs...)
}

// deliver writes a stored message to each listed session. A session that cannot be written to
// (it ended meanwhile) does not stop delivery to the others; the failures are returned together.
func deliver(ctx context.Context, payload []byte) ([]byte, error) {
	var d chatapi.Delivery
	if err := json.Unmarshal(payload, &d); err != nil {
		return nil, fmt.Errorf("decode %s: %w", chatapi.OpDeliver, err)
	}
	return nil, deliverTo(ctx, d.Message, d.Sessions)
}

// deliverTo writes m to each session; failures are returned together.
func deliverTo(ctx context.Context, m chatapi.Message, sessions []string) error {
	line := formatMessage(m) + "\n"
	var errs []error
	for _, session := range sessions {
		if err := telnet.SendText(ctx, session, line); err != nil {
			errs = append(errs, fmt.Errorf("deliver %s to session %s: %w", m.ID, session, err))
		}
	}
	return errors.Join(errs...)
}

// formatMessage is how a message reads on a terminal: "[#room] nick: text", plus where it was
// written when that is not telnet. Control characters become spaces, so a message from another
// channel cannot fake extra lines.
func formatMessage(m chatapi.Message) string {
	s := "[#" + m.Room + "] " + m.Nick + ": " + printable(m.Text)
	if m.Channel != chatapi.ChannelTelnet {
		s += " (via " + m.Channel + ")"
	}
	return s
}

// printable replaces control characters in s with spaces.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// guestNick is the nick a new session starts with: "guest-" and up to six nick characters
// from the end of the session id.
func guestNick(session string) string {
	var suffix []byte
	for i := len(session) - 1; i >= 0 && len(suffix) < 6; i-- {
		c := session[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			suffix = append(suffix, c)
		}
	}
	if len(suffix) == 0 {
		return "guest"
	}
	for i, j := 0, len(suffix)-1; i < j; i, j = i+1, j-1 {
		suffix[i], suffix[j] = suffix[j], suffix[i]
	}
	return "guest-" + string(suffix)
}
