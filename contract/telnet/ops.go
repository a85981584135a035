package telnet

// ContractID is the capability contract id of the telnet contract.
const ContractID = "wasmcloud:telnet"

// Operation names: the first three are invoked on actors by the provider,
// OpSendText on the provider by actors.
const (
	OpSessionStarted = "Telnet.SessionStarted" // a client connected
	OpReceiveText    = "Telnet.ReceiveText"    // a client sent a line
	OpSessionEnded   = "Telnet.SessionEnded"   // a client's connection ended
	OpSendText       = "Telnet.SendText"       // write text to a session
)

// NotConnectedError is the error of Telnet.SendText for a session that is
// not connected: it ended, never existed, or belongs to another actor. Actors
// see its text, "session S is not connected", as the call's error.
type NotConnectedError struct {
	Session string
}

// Error implements error.
func (e *NotConnectedError) Error() string {
	return "session " + e.Session + " is not connected"
}
