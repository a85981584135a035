// Package messagingnats is the Trellis capability provider of wasmcloud:messaging on NATS
// (ACTORS.md §3.3.5), runnable as cmd/messaging-nats. It needs no service besides a NATS server,
// by default the lattice's own.
//
// # Operations
//
// Messaging.Publish publishes a PubMessage, with its replyTo as the reply subject when set and
// not empty, and returns nothing. Messaging.Request sends a RequestMessage and waits for one
// reply, for timeoutMs milliseconds or DefaultRequestTimeout (2 s) when it is 0, and returns it
// as a ReplyMessage (the subject the reply arrived on, its reply subject if any, and its body).
// A request nobody answers in time fails with e.g. `Messaging.Request: nats lattice connection
// subject "svc.x": no reply within 2s`, and one to a subject without subscribers with "no
// responders". Other operations are errors naming the operation.
//
// # Links
//
// Link values (keys matched without regard to case):
//
//	SUBSCRIPTION  comma-separated subjects the actor subscribes to, each optionally followed
//	              by "|queue" to join queue group queue, e.g. "orders.*,jobs|workers".
//	              Wildcards are allowed. Links in the same queue group on the same server
//	              share the group's messages: each goes to one of them.
//	URL           a NATS server URL for the link's publishes, requests and subscriptions;
//	              default the provider's own lattice connection (Conn.NATS). A link with a URL
//	              has its own connection, which keeps reconnecting while the server is down
//	              and is closed when the link is deleted or changed and on Shutdown.
//
// Each message received on a subscription is delivered to the linked actor as
// MessageSubscriber.HandleMessage with a SubMessage {subject, replyTo (when the message has a
// reply subject), body}, via Conn.CallActor. Deliveries run in their own goroutines, at most
// MaxConcurrentDeliveries at once across the provider; once that many are in flight a
// subscription's messages wait in its NATS pending buffer. A failed delivery is logged and
// counted (Stats) and not retried. The actor's reply, if it wants to send one, is a
// Messaging.Publish to the replyTo subject.
//
// A changed link first ends the old subscriptions (waiting for their deliveries in flight) and
// then subscribes anew; DeleteLink and Shutdown end them likewise, so no message is delivered
// for a link after DeleteLink returns.
//
// Health reports every link whose connection is not connected.
package messagingnats
