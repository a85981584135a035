package telnet

import (
	"bufio"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Telnet command bytes (RFC 854).
const (
	cmdSE   = 240 // end of subnegotiation
	cmdSB   = 250 // start of subnegotiation
	cmdWILL = 251
	cmdWONT = 252
	cmdDO   = 253
	cmdDONT = 254
	cmdIAC  = 255 // interpret as command
)

// telnetState is where lineReader is in the telnet command syntax.
type telnetState uint8

const (
	stData   telnetState = iota // plain data
	stIAC                       // after IAC
	stOption                    // after IAC WILL/WONT/DO/DONT: the option byte is next
	stSB                        // inside IAC SB … IAC SE
	stSBIAC                     // after IAC inside a subnegotiation
)

// lineReader reads the lines a telnet client sends. It strips telnet commands (IAC WILL, WONT,
// DO and DONT with their option, IAC SB … IAC SE, and two-byte commands; IAC IAC is a data byte
// 255), ends lines at LF (so CR LF works too), drops control characters other than tab, and
// turns invalid UTF-8 into U+FFFD. Lines longer than max bytes of data are discarded up to their
// LF. It is not safe for concurrent use.
type lineReader struct {
	r     *bufio.Reader
	max   int
	state telnetState
	buf   []byte
}

func newLineReader(r *bufio.Reader, limit int) *lineReader {
	return &lineReader{r: r, max: limit}
}

// readLine returns the next line, without its line ending. tooLong reports a line that was
// discarded for exceeding the limit. An error (io.EOF when the client closed) discards the
// line in progress.
func (lr *lineReader) readLine() (line string, tooLong bool, err error) {
	lr.buf = lr.buf[:0]
	for {
		c, err := lr.r.ReadByte()
		if err != nil {
			return "", false, err
		}
		c, ok := lr.data(c)
		switch {
		case !ok:
			continue
		case c == '\n':
			if tooLong {
				return "", true, nil
			}
			return clean(lr.buf), false, nil
		case tooLong || (c < ' ' && c != '\t') || c == 0x7f:
			continue // discarding, or a control character (CR among them)
		case len(lr.buf) == lr.max:
			tooLong = true
			continue
		}
		lr.buf = append(lr.buf, c)
	}
}

// data advances the telnet command state by c and reports whether c, or the byte it stands
// for, is data.
func (lr *lineReader) data(c byte) (byte, bool) {
	switch lr.state {
	case stIAC:
		lr.state = stData
		switch c {
		case cmdIAC:
			return cmdIAC, true
		case cmdWILL, cmdWONT, cmdDO, cmdDONT:
			lr.state = stOption
		case cmdSB:
			lr.state = stSB
		}
		return 0, false // any other command (NOP, GA, AYT, …) is ignored
	case stOption:
		lr.state = stData
		return 0, false
	case stSB:
		if c == cmdIAC {
			lr.state = stSBIAC
		}
		return 0, false
	case stSBIAC:
		lr.state = stData // IAC SE, or a malformed subnegotiation: end it either way
		if c == cmdIAC {
			lr.state = stSB // IAC IAC is data inside the subnegotiation
		}
		return 0, false
	}
	if c == cmdIAC {
		lr.state = stIAC
		return 0, false
	}
	return c, true
}

// clean returns b as text: one U+FFFD per byte that is not valid UTF-8, and without control
// characters other than tab (C1 controls and DEL included).
func clean(b []byte) string {
	if utf8.Valid(b) && !hasControl(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		if r != '\t' && unicode.IsControl(r) {
			continue
		}
		sb.WriteRune(r) // utf8.RuneError for an invalid byte
	}
	return sb.String()
}

// hasControl reports whether b holds a byte that may start a control character to drop: C0
// and DEL are single bytes, and C1 controls (U+0080–U+009F) are encoded as 0xC2 0x80–0x9F.
func hasControl(b []byte) bool {
	for i, c := range b {
		if (c < ' ' && c != '\t') || c == 0x7f || (c == 0xc2 && i+1 < len(b) && b[i+1] < 0xa0) {
			return true
		}
	}
	return false
}

// telnetText returns text as a client expects it on the wire: every LF not already preceded by
// CR becomes CR LF, and the byte 255 is escaped as IAC IAC. No line ending is added.
func telnetText(text string) []byte {
	out := make([]byte, 0, len(text)+8)
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\n' && (i == 0 || text[i-1] != '\r'):
			out = append(out, '\r', '\n')
		case c == cmdIAC:
			out = append(out, cmdIAC, cmdIAC)
		default:
			out = append(out, c)
		}
	}
	return out
}
