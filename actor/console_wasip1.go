//go:build wasip1

package actor

import "github.com/trellis-lattice/trellis/actor/internal/abi"

// ConsoleLog writes text to the host's log through __console_log, the
// lowest-level log an actor has: it needs no capability claim and no
// context. Prefer [Log], which carries a level.
func ConsoleLog(text string) {
	abi.ConsoleLog(text)
}
