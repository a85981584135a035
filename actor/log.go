package actor

import (
	"context"
)

// Level is the severity of a log line sent with [Log]. The builtin logger
// knows "debug", "info", "warn" and "error" and logs anything else as debug.
type Level string

// The levels of the wasmcloud:builtin:logging builtin.
const (
	LevelDebug Level = "debug"
	LevelInfo  Level = "info"
	LevelWarn  Level = "warn"
	LevelError Level = "error"
)

// Names used to reach the logging builtin (ACTORS.md §2.4).
const (
	// LoggingContract is the namespace of the builtin logger. An actor
	// needs it in its capability claims to log.
	LoggingContract = "wasmcloud:builtin:logging"
	// OpWriteLog is the builtin logger's only operation.
	OpWriteLog = "Logging.WriteLog"
)

// Log writes text at level through the wasmcloud:builtin:logging builtin
// (operation Logging.WriteLog, binding "default"). The host prefixes the line
// with the actor's public key. Log returns the host's error, for example when
// the actor's claims lack the logging capability; most callers ignore it.
func Log(ctx context.Context, level Level, text string) error {
	_, err := HostCall(ctx, DefaultLink, LoggingContract, OpWriteLog, writeLogPayload(level, text))
	return err
}
