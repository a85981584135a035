//go:build wasip1

package abi

// HostCall performs __host_call with the given triple and payload (§1.6). On
// success it returns the host's response and ok = true; on failure it returns
// the host's error message and ok = false.
func HostCall(binding, namespace, operation string, payload []byte) (result []byte, ok bool) {
	rc := hostCall(
		stringPtr(binding), size32(len(binding)),
		stringPtr(namespace), size32(len(namespace)),
		stringPtr(operation), size32(len(operation)),
		bytesPtr(payload), size32(len(payload)),
	)
	if rc != 1 {
		msg := make([]byte, hostErrorLen())
		hostError(bytesPtr(msg))
		return msg, false
	}
	resp := make([]byte, hostResponseLen())
	hostResponse(bytesPtr(resp))
	return resp, true
}

// ConsoleLog sends text to the host's log through __console_log.
func ConsoleLog(text string) {
	consoleLog(stringPtr(text), size32(len(text)))
}
