package logging

import (
	"context"
	"fmt"

	"github.com/trellis-lattice/trellis/actor"
)

// Debugf logs a formatted line at level debug.
func Debugf(ctx context.Context, format string, args ...any) {
	logf(ctx, actor.LevelDebug, format, args)
}

// Infof logs a formatted line at level info.
func Infof(ctx context.Context, format string, args ...any) {
	logf(ctx, actor.LevelInfo, format, args)
}

// Warnf logs a formatted line at level warn.
func Warnf(ctx context.Context, format string, args ...any) {
	logf(ctx, actor.LevelWarn, format, args)
}

// Errorf logs a formatted line at level error.
func Errorf(ctx context.Context, format string, args ...any) {
	logf(ctx, actor.LevelError, format, args)
}

// logf formats and sends one line, discarding the host's error.
func logf(ctx context.Context, level actor.Level, format string, args []any) {
	_ = actor.Log(ctx, level, fmt.Sprintf(format, args...))
}
