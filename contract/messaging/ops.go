package messaging

// ContractID is the capability contract id of the messaging contract.
const ContractID = "wasmcloud:messaging"

// Operation names of the Messaging service (provider receives) and the
// MessageSubscriber service (actor receives).
const (
	OpPublish       = "Messaging.Publish"               // send a message
	OpRequest       = "Messaging.Request"               // send a request, wait for the reply
	OpHandleMessage = "MessageSubscriber.HandleMessage" // deliver a message to an actor
)
