package claims

// crc16 returns the CRC-16/XMODEM checksum of b (polynomial 0x1021, initial value 0, no
// reflection), which nkeys appends to every key.
func crc16(b []byte) uint16 {
	var crc uint16
	for _, c := range b {
		crc ^= uint16(c) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// appendCRC appends the little-endian checksum of b to b.
func appendCRC(b []byte) []byte {
	c := crc16(b)
	return append(b, byte(c), byte(c>>8))
}

// checkCRC reports whether raw ends with the little-endian checksum of the bytes before it.
func checkCRC(raw []byte) bool {
	n := len(raw) - 2
	return n >= 0 && crc16(raw[:n]) == uint16(raw[n])|uint16(raw[n+1])<<8
}
