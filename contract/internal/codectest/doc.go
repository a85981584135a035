// Package codectest holds the test helpers shared by the contract packages:
// parsing annotated hex vectors as ACTORS.md writes them, golden files of
// encoded payloads, round-trip checks and decoder fuzz targets. It is
// imported only by tests.
package codectest
