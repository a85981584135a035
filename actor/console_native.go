//go:build !wasip1

package actor

import "github.com/trellis-lattice/trellis/actor/internal/testhost"

// ConsoleLog writes text to the host's log through __console_log, the
// lowest-level log an actor has: it needs no capability claim and no
// context. Prefer [Log], which carries a level.
//
// Natively the line goes to the sink installed with actortest.CaptureConsole and
// is dropped if there is none.
func ConsoleLog(text string) {
	testhost.Console(text)
}
