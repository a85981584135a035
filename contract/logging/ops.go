package logging

// ContractID is the contract id of the built-in logging contract.
const ContractID = "wasmcloud:builtin:logging"

// OpWriteLog writes one log entry.
const OpWriteLog = "Logging.WriteLog"

// Levels a LogEntry may carry; hosts log any other level as debug.
const (
	LevelDebug = "debug" // detail for developers
	LevelInfo  = "info"  // normal operation
	LevelWarn  = "warn"  // something unexpected but handled
	LevelError = "error" // a failure
)
