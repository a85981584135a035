//go:build wasip1

package abi

import "unsafe"

// spare is where zero-length buffers point. A host must accept any pointer
// for a zero-byte copy (§1.2), but handing it a real address inside linear
// memory is safe even for hosts that bounds-check the pointer alone.
var spare [1]byte

// bytesPtr returns the address of b's first byte, or of spare if b is empty.
func bytesPtr(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return unsafe.Pointer(&spare[0])
	}
	return unsafe.Pointer(unsafe.SliceData(b))
}

// stringPtr returns the address of s's first byte, or of spare if s is empty.
func stringPtr(s string) unsafe.Pointer {
	if len(s) == 0 {
		return unsafe.Pointer(&spare[0])
	}
	return unsafe.Pointer(unsafe.StringData(s))
}

// size32 returns len as the i32 length the ABI expects. Linear memory is at
// most 4 GiB, so a Go slice or string inside it always fits.
func size32(n int) uint32 {
	return uint32(n)
}
