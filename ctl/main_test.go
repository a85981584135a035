package ctl_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no test leaves goroutines behind: event subscriptions must stop with
// their context.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
