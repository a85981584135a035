package actor

// HostError is the failure answer of a host call: the host returned 0 from
// __host_call and this is the message it stored, for example
// "Call alias not found: examples/ponger on default" or a provider's error.
type HostError struct {
	// Binding, Namespace and Operation identify the call that failed.
	Binding, Namespace, Operation string
	// Message is the host's error text, unchanged.
	Message string
}

// Error returns "host call <namespace> <operation>: <message>".
func (e *HostError) Error() string {
	return "host call " + e.Namespace + " " + e.Operation + ": " + e.Message
}
