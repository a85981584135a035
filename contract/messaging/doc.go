// Package messaging is the wasmCloud 0.x contract wasmcloud:messaging
// (ACTORS.md §3.3.5): actors publish messages and make requests through a
// messaging provider (NATS), and the provider delivers subscribed messages
// to actors.
//
//	operation                         receiver   input           output
//	Messaging.Publish                 provider   PubMessage      none (0 bytes)
//	Messaging.Request                 provider   RequestMessage  ReplyMessage
//	MessageSubscriber.HandleMessage   actor      SubMessage      none (0 bytes)
//
// Types encode with AppendMsg and decode a whole payload with UnmarshalMsg,
// following the msgpack rules of package codec. ReplyTo is optional: nil
// leaves it out of the map, and a nil on the wire reads as absent.
//
// Go actors use the package through the actor SDK; the messaging provider and
// the host use it on the other side. It does not talk to NATS.
package messaging
