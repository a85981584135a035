//go:build !wasip1

package actortest

import (
	"sync"
	"testing"

	"github.com/trellis-lattice/trellis/actor/internal/testhost"
)

// Console collects the lines actor code writes with actor.ConsoleLog.
type Console struct {
	mu    sync.Mutex
	lines []string
}

// Lines returns a copy of the lines written so far.
func (c *Console) Lines() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.lines...)
}

// add records one line.
func (c *Console) add(text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lines = append(c.lines, text)
}

// CaptureConsole captures actor.ConsoleLog output until t ends and returns the
// collector. The console is process-wide, unlike the host: a test that calls
// CaptureConsole must not run in parallel with another that does.
func CaptureConsole(t testing.TB) *Console {
	t.Helper()
	c := new(Console)
	previous := testhost.SetConsole(c.add)
	t.Cleanup(func() { testhost.SetConsole(previous) })
	return c
}
