//go:build wasip1

package abi

import "unsafe"

// The host functions of ACTORS.md §1.2. Every parameter and result is an i32:
// pointers are offsets into the guest's linear memory, lengths are byte counts.

//go:wasmimport wasmbus __host_call
func hostCall(bdPtr unsafe.Pointer, bdLen uint32, nsPtr unsafe.Pointer, nsLen uint32, opPtr unsafe.Pointer, opLen uint32, ptr unsafe.Pointer, n uint32) uint32

//go:wasmimport wasmbus __host_response_len
func hostResponseLen() uint32

//go:wasmimport wasmbus __host_response
func hostResponse(ptr unsafe.Pointer)

//go:wasmimport wasmbus __host_error_len
func hostErrorLen() uint32

//go:wasmimport wasmbus __host_error
func hostError(ptr unsafe.Pointer)

//go:wasmimport wasmbus __guest_request
func guestRequest(opPtr unsafe.Pointer, ptr unsafe.Pointer)

//go:wasmimport wasmbus __guest_response
func guestResponse(ptr unsafe.Pointer, n uint32)

//go:wasmimport wasmbus __guest_error
func guestError(ptr unsafe.Pointer, n uint32)

//go:wasmimport wasmbus __console_log
func consoleLog(ptr unsafe.Pointer, n uint32)
