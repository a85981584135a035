// Package logging offers printf-style helpers for the
// wasmcloud:builtin:logging builtin: [Debugf], [Infof], [Warnf] and
// [Errorf].
//
// They format with fmt and send the line with actor.Log. They live apart from
// package actor because importing fmt adds about 140 KB to every actor that
// links it (measured on examples/ponger: 2.23 MB without, 2.36 MB with); an
// actor that logs plain text can call actor.Log directly and skip that cost.
//
// The helpers discard the host's error, as the Rust debug!/info! macros do;
// call actor.Log to see it. Using them needs the capability claim
// wasmcloud:builtin:logging.
package logging
