// Package chatapi is the contract between the actors of the chat example: their call aliases,
// the operations they offer each other, and the JSON bodies those operations take and return.
// Every actor reaches the others only through these calls (actor.Call with a call alias), so
// none of them knows which host, broker or store is behind another.
//
//	actor           alias                 operations
//	messages        chat/messages         Messages.Post, Messages.History
//	rooms           chat/rooms            Rooms.Join, Rooms.Leave, Rooms.List, Rooms.Members
//	presence        chat/presence         Presence.Start, Presence.Get, Presence.Update,
//	                                      Presence.End, Presence.Online
//	channel-telnet  chat/telnet           Chat.Deliver (plus Telnet.* from the telnet provider)
//	channel-nats    chat/nats             Chat.Deliver (plus MessageSubscriber.HandleMessage)
//	channel-http    chat/http             (HttpServer.HandleRequest from the httpserver provider)
//
// Errors are returned as the call's error; their text is meant for the user ("room names are
// 1–32 characters a-z, 0-9, '-' or '_'").
//
// Besides the contract itself, the package holds the small JSON plumbing both sides of it
// share: Call and UserText for the actors that call (the channels, and messages delivering),
// DecodeRequest and StoreError for the actors that answer (messages, rooms, presence). It
// holds no actor's logic; the actors' shared test support is examples/chat/internal/chattest.
package chatapi

import "time"

// Call aliases of the chat actors.
const (
	AliasMessages = "chat/messages"
	AliasRooms    = "chat/rooms"
	AliasPresence = "chat/presence"
	AliasTelnet   = "chat/telnet"
	AliasNATS     = "chat/nats"
	AliasHTTP     = "chat/http"
)

// Operations.
const (
	// OpPost stores a message and delivers it to the room: PostRequest → Message. It delivers
	// through every channel actor but the writer's: a channel actor waiting for its own post
	// must not be called back (with all its instances busy that call would wait forever), so
	// after Post returns the writer's channel delivers the stored message itself (channel-telnet
	// to the room's telnet members, channel-nats by publishing it).
	OpPost = "Messages.Post"
	// OpHistory returns a room's latest messages, oldest first: HistoryRequest → []Message.
	OpHistory = "Messages.History"

	// OpJoin adds a member to a room (replacing the session's previous entry, e.g. after a
	// nick change), creating the room: Membership → RoomInfo.
	OpJoin = "Rooms.Join"
	// OpLeave removes a session from a room: Membership → nothing.
	OpLeave = "Rooms.Leave"
	// OpList lists the rooms: nothing → []RoomInfo.
	OpList = "Rooms.List"
	// OpMembers lists a room's members: RoomRequest → []Member; an unknown room is an error.
	OpMembers = "Rooms.Members"

	// OpStart records a new session: Session → nothing.
	OpStart = "Presence.Start"
	// OpGet returns a session: SessionRequest → Session; an unknown one is an error.
	OpGet = "Presence.Get"
	// OpUpdate replaces a session's nick and room: Session → nothing.
	OpUpdate = "Presence.Update"
	// OpEnd forgets a session: SessionRequest → nothing.
	OpEnd = "Presence.End"
	// OpOnline lists the sessions online: nothing → []Session.
	OpOnline = "Presence.Online"

	// OpDeliver hands a stored message to a channel actor for the given sessions of that
	// channel (none for channel-nats, which publishes every message): Delivery → nothing.
	OpDeliver = "Chat.Deliver"
)

// Channels (a message's origin, a member's way in).
const (
	ChannelTelnet = "telnet"
	ChannelHTTP   = "http"
	ChannelNATS   = "nats"
)

// Limits.
const (
	MaxText    = 1000 // bytes of a message's text
	MaxNick    = 24   // bytes of a nick
	MaxRoom    = 32   // bytes of a room name
	MaxHistory = 200  // messages kept and returned per room
)

// Message is a stored chat message.
type Message struct {
	ID      string    `json:"id"`  // "<room>-<seq>"
	Seq     int64     `json:"seq"` // 1, 2, … per room
	Room    string    `json:"room"`
	Nick    string    `json:"nick"`
	Text    string    `json:"text"`
	Channel string    `json:"channel"` // where it was written: telnet, http or nats
	Time    time.Time `json:"time"`
}

// PostRequest is the input of Messages.Post.
type PostRequest struct {
	Room    string `json:"room"`
	Nick    string `json:"nick"`
	Text    string `json:"text"`
	Channel string `json:"channel"`
	// Session is the writer's session for channels that have them (telnet), "" otherwise.
	Session string `json:"session,omitempty"`
}

// HistoryRequest is the input of Messages.History.
type HistoryRequest struct {
	Room  string `json:"room"`
	Limit int    `json:"limit,omitempty"` // 0 means MaxHistory
}

// Member is a session in a room.
type Member struct {
	Channel string `json:"channel"`
	Session string `json:"session"`
	Nick    string `json:"nick"`
}

// Membership is the input of Rooms.Join and Rooms.Leave.
type Membership struct {
	Room   string `json:"room"`
	Member Member `json:"member"`
}

// RoomRequest names a room.
type RoomRequest struct {
	Room string `json:"room"`
}

// RoomInfo describes a room.
type RoomInfo struct {
	Name    string `json:"name"`
	Members int    `json:"members"`
}

// Session is a connected user, as presence knows them.
type Session struct {
	ID      string    `json:"id"`
	Channel string    `json:"channel"`
	Nick    string    `json:"nick"`
	Room    string    `json:"room,omitempty"`
	Since   time.Time `json:"since"`
}

// SessionRequest names a session.
type SessionRequest struct {
	ID string `json:"id"`
}

// Delivery is the input of Chat.Deliver.
type Delivery struct {
	Message  Message  `json:"message"`
	Sessions []string `json:"sessions,omitempty"`
}

// ValidRoom reports why name is not a room name, "" when it is one.
func ValidRoom(name string) string {
	if name == "" || len(name) > MaxRoom {
		return "room names are 1–32 characters a-z, 0-9, '-' or '_'"
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return "room names are 1–32 characters a-z, 0-9, '-' or '_'"
		}
	}
	return ""
}

// ValidNick reports why nick is not a nick, "" when it is one.
func ValidNick(nick string) string {
	if nick == "" || len(nick) > MaxNick {
		return "nicks are 1–24 characters: letters, digits, '-', '_' or '.'"
	}
	for _, r := range nick {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return "nicks are 1–24 characters: letters, digits, '-', '_' or '.'"
		}
	}
	return ""
}
