package telnet_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when a test leaves goroutines behind: every listener, session and
// notice goroutine must end with Shutdown or DeleteLink.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
