package natsd

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/nats-io/nats-server/v2/server"
)

// LevelTrace is the slog level of the server's protocol trace lines, below slog.LevelDebug.
const LevelTrace = slog.LevelDebug - 4

// slogLogger adapts a *slog.Logger to nats-server's Logger. Fatal lines are logged as errors and
// remembered, so Start can fail instead of the server exiting the process.
type slogLogger struct {
	log *slog.Logger

	mu    sync.Mutex
	fatal error
}

var _ server.Logger = (*slogLogger)(nil)

func (l *slogLogger) logf(level slog.Level, format string, v []any) {
	ctx := context.Background()
	if l.log.Enabled(ctx, level) {
		l.log.Log(ctx, level, fmt.Sprintf(format, v...))
	}
}

// Noticef logs at info level.
func (l *slogLogger) Noticef(format string, v ...any) { l.logf(slog.LevelInfo, format, v) }

// Warnf logs at warn level.
func (l *slogLogger) Warnf(format string, v ...any) { l.logf(slog.LevelWarn, format, v) }

// Errorf logs at error level.
func (l *slogLogger) Errorf(format string, v ...any) { l.logf(slog.LevelError, format, v) }

// Debugf logs at debug level.
func (l *slogLogger) Debugf(format string, v ...any) { l.logf(slog.LevelDebug, format, v) }

// Tracef logs at LevelTrace.
func (l *slogLogger) Tracef(format string, v ...any) { l.logf(LevelTrace, format, v) }

// Fatalf logs at error level and records the first fatal error instead of exiting.
func (l *slogLogger) Fatalf(format string, v ...any) {
	err := fmt.Errorf(format, v...)
	l.log.Error("fatal: " + err.Error())
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fatal == nil {
		l.fatal = err
	}
}

// fatalErr returns the first fatal error the server reported, or nil.
func (l *slogLogger) fatalErr() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fatal
}
