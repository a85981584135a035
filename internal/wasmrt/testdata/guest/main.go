// Command guest is the wasmrt test actor: a waPC guest written against the raw ABI (no SDK)
// with one operation per behaviour the runtime must handle. Built by the tests with
// GOOS=wasip1 GOARCH=wasm -buildmode=c-shared.
package main

import (
	"bytes"
	"strconv"
	"unsafe"
)

//go:wasmimport wasmbus __guest_request
func guestRequest(op, payload unsafe.Pointer)

//go:wasmimport wasmbus __guest_response
func guestResponse(ptr unsafe.Pointer, n uint32)

//go:wasmimport wasmbus __guest_error
func guestError(ptr unsafe.Pointer, n uint32)

//go:wasmimport wasmbus __host_call
func hostCall(bd unsafe.Pointer, bdLen uint32, ns unsafe.Pointer, nsLen uint32, op unsafe.Pointer, opLen uint32, p unsafe.Pointer, pLen uint32) uint32

//go:wasmimport wasmbus __host_response_len
func hostResponseLen() uint32

//go:wasmimport wasmbus __host_response
func hostResponse(ptr unsafe.Pointer)

//go:wasmimport wasmbus __host_error_len
func hostErrorLen() uint32

//go:wasmimport wasmbus __host_error
func hostError(ptr unsafe.Pointer)

//go:wasmimport wasmbus __console_log
func consoleLog(ptr unsafe.Pointer, n uint32)

var (
	calls int
	hog   [][]byte
)

func ptr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}

func reply(b []byte) uint32 {
	guestResponse(ptr(b), uint32(len(b)))
	return 1
}

func fail(msg string) uint32 {
	b := []byte(msg)
	guestError(ptr(b), uint32(len(b)))
	return 0
}

//go:wasmexport __guest_call
func guestCall(opLen, payloadLen uint32) uint32 {
	op := make([]byte, opLen)
	payload := make([]byte, payloadLen)
	guestRequest(ptr(op), ptr(payload))
	calls++
	switch string(op) {
	case "echo":
		return reply(payload)
	case "fail":
		return fail("failed on purpose")
	case "count":
		return reply([]byte(strconv.Itoa(calls)))
	case "panic":
		panic("guest panics on purpose")
	case "loop":
		for {
		}
	case "grow":
		for {
			hog = append(hog, make([]byte, 1<<20))
		}
	case "log":
		consoleLog(ptr(payload), uint32(len(payload)))
		return reply(nil)
	case "hostcall":
		return doHostCall(payload)
	}
	return fail(string(op) + ": No handler registered")
}

// doHostCall reads "binding|namespace|operation|payload" and performs that host call.
func doHostCall(req []byte) uint32 {
	parts := bytes.SplitN(req, []byte("|"), 4)
	if len(parts) != 4 {
		return fail("hostcall wants binding|namespace|operation|payload")
	}
	if hostCall(ptr(parts[0]), uint32(len(parts[0])), ptr(parts[1]), uint32(len(parts[1])),
		ptr(parts[2]), uint32(len(parts[2])), ptr(parts[3]), uint32(len(parts[3]))) == 0 {
		msg := make([]byte, hostErrorLen())
		hostError(ptr(msg))
		return fail("Host error: " + string(msg))
	}
	resp := make([]byte, hostResponseLen())
	hostResponse(ptr(resp))
	return reply(resp)
}

func main() {}
