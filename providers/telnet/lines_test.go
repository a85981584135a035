package telnet

import (
	"bufio"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/providers/internal/linkvalues"
)

func TestLineReader(t *testing.T) {
	const longLine = "123456789" // one byte over the limit of 8
	tests := []struct {
		name  string
		in    string
		lines []string // "!" stands for a line discarded as too long
	}{
		{"LF and CRLF", "a\nb\r\n\n", []string{"a", "b", ""}},
		{"tab kept, controls dropped", "a\tb\x00c\x1b[1m\x7f\rd\n", []string{"a\tbc[1md"}},
		{"WILL/WONT/DO/DONT with option", "\xff\xfb\x01a\xff\xfc\x03b\xff\xfd\x18c\xff\xfe\x1fd\n", []string{"abcd"}},
		{"subnegotiation", "x\xff\xfa\x18\x00xterm\xff\xf0y\n", []string{"xy"}},
		{"IAC IAC in subnegotiation", "x\xff\xfa\x18\xff\xff\n\xff\xf0y\n", []string{"xy"}},
		{"option byte may be LF", "\xff\xfd\nz\n", []string{"z"}},
		{"two-byte commands ignored", "a\xff\xf1b\xff\xf9c\n", []string{"abc"}},
		{"IAC IAC is byte 255", "a\xff\xffb\n", []string{"a\uFFFDb"}},
		{"invalid UTF-8, one U+FFFD per byte", "\x80\xfe ok \xc3\n", []string{"\uFFFD\uFFFD ok \uFFFD"}},
		{"valid UTF-8 kept, C1 dropped", "é✓\u0085x\n", []string{"é✓x"}},
		{"at the limit", "12345678\r\n", []string{"12345678"}},
		{"over the limit, then the next line", longLine + "\nok\n", []string{"!", "ok"}},
		{"CR and telnet commands do not count", "12345678\xff\xfb\x01\r\n", []string{"12345678"}},
		{"partial last line dropped", "a\nparti", []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := newLineReader(bufio.NewReader(strings.NewReader(tt.in)), 8)
			var got []string
			for {
				line, tooLong, err := lr.readLine()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if tooLong {
					line = "!"
				}
				got = append(got, line)
			}
			if !reflect.DeepEqual(got, tt.lines) {
				t.Errorf("lines = %q, want %q", got, tt.lines)
			}
		})
	}
}

func TestTelnetText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"hi", "hi"},
		{"a\nb\n", "a\r\nb\r\n"},
		{"a\r\nb", "a\r\nb"},
		{"\n\n", "\r\n\r\n"},
		{"x\xffy", "x\xff\xffy"},
	}
	for _, tt := range tests {
		if got := string(telnetText(tt.in)); got != tt.want {
			t.Errorf("telnetText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzLineReader(f *testing.F) {
	f.Add([]byte("hello\r\n\xff\xfb\x01\xff\xfa\x18\xff\xf0x\xff\xff\x80\n"), 8)
	f.Fuzz(func(t *testing.T, in []byte, limit int) {
		if limit < 1 || limit > 1<<16 {
			return
		}
		lr := newLineReader(bufio.NewReader(strings.NewReader(string(in))), limit)
		for {
			line, tooLong, err := lr.readLine()
			if err != nil {
				return
			}
			if tooLong {
				continue
			}
			if clean([]byte(line)) != line {
				t.Fatalf("line %q is not clean", line)
			}
			// A line holds at most limit bytes, each of which may become U+FFFD (3 bytes).
			if len(line) > 3*limit {
				t.Fatalf("line of %d bytes exceeds limit %d", len(line), limit)
			}
		}
	})
}

func TestParseConfig(t *testing.T) {
	ld := func(values map[string]string) ctl.LinkDefinition {
		return ctl.LinkDefinition{ActorID: "MA", LinkName: "default", Values: values}
	}
	ok := []struct {
		name   string
		values map[string]string
		want   config
	}{
		{"PORT", map[string]string{"PORT": "2323"},
			config{ListenAddress: linkvalues.ListenAddress{Addr: "127.0.0.1:2323", Source: `PORT="2323"`}, maxLine: DefaultMaxLine, maxSessions: DefaultMaxSessions}},
		{"address wins, keys any case", map[string]string{"port": "1", "ADDRESS": ":2323", "Max_Line": "80", "max_sessions": "2", "idle_timeout": "5m"},
			config{ListenAddress: linkvalues.ListenAddress{Addr: ":2323", Source: `address=":2323"`}, maxLine: 80, maxSessions: 2, idleTimeout: 300e9}},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseConfig(ld(tt.values))
			if err != nil || got != tt.want {
				t.Fatalf("parseConfig = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
	bad := []struct {
		name   string
		values map[string]string
		want   string
	}{
		{"none", nil, "link values set neither PORT nor address"},
		{"bad PORT", map[string]string{"PORT": "0"}, `invalid PORT "0": port "0" is not a number from 1 to 65535`},
		{"bad address", map[string]string{"address": "localhost"}, `invalid address "localhost": want HOST:PORT`},
		{"bad address port", map[string]string{"address": "h:http"}, `invalid address "h:http": port "http"`},
		{"bad max_line", map[string]string{"PORT": "1", "max_line": "-1"}, `invalid max_line "-1": want a positive whole number`},
		{"bad max_sessions", map[string]string{"PORT": "1", "max_sessions": "many"}, `invalid max_sessions "many"`},
		{"bad idle_timeout", map[string]string{"PORT": "1", "idle_timeout": "300"}, `invalid idle_timeout "300": want a positive duration`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig(ld(tt.values))
			if err == nil || !strings.Contains(err.Error(), tt.want) ||
				!strings.HasPrefix(err.Error(), "telnet link of actor MA (link default): ") {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// benchInput is 1000 lines of typical chat input with CR LF endings and a telnet negotiation.
var benchInput = "\xff\xfb\x01\xff\xfd\x03" + strings.Repeat("the quick brown fox jumps over the lazy dog\r\n", 1000)

// BenchmarkLineReader reads benchInput line by line; BenchmarkBufioBaseline is the same with
// bufio.Reader.ReadString, which does no telnet or text processing.
func BenchmarkLineReader(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchInput)))
	for b.Loop() {
		lr := newLineReader(bufio.NewReader(strings.NewReader(benchInput)), DefaultMaxLine)
		for {
			if _, _, err := lr.readLine(); err != nil {
				break
			}
		}
	}
}

func BenchmarkBufioBaseline(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchInput)))
	for b.Loop() {
		r := bufio.NewReader(strings.NewReader(benchInput))
		for {
			if _, err := r.ReadString('\n'); err != nil {
				break
			}
		}
	}
}
