package sqldbpostgres

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when a test leaves goroutines behind: pools, forwarders and the
// in-process lattice must all stop with their test.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
