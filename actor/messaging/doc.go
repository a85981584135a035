// Package messaging lets an actor publish messages, make requests and
// receive subscribed messages through a wasmcloud:messaging provider (NATS)
// with Go values instead of MessagePack.
//
// [Publish] and [Request] call the provider linked under "default"; [Link]
// returns a [Client] with the same methods for another link name.
// [HandleMessage] registers the actor's MessageSubscriber.HandleMessage
// handler, which receives the messages on the subjects the link subscribes
// to. [SubMessage] and [ReplyMessage] are the types of package
// contract/messaging (type aliases).
//
// Host and provider failures are returned as *actor.HostError. The actor
// needs the capability claim wasmcloud:messaging and a link. The package does
// not subscribe by itself (subscriptions are link configuration) and does
// not retry.
package messaging
