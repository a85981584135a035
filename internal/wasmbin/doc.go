// Package wasmbin reads and edits the section structure of WebAssembly binary modules.
//
// It works on raw bytes only: it lists a module's sections (id, offset, size and, for custom
// sections, the name), reads, strips and appends custom sections, lists imports and exports, and
// adds an alias to the export section. Every edit copies all bytes it does not touch unchanged, so
// hashes over the untouched parts (the claims module hash, for instance) stay stable.
//
// One edit goes into the code: AddInterruptCheck decodes every function body far enough to find
// its loops and inserts, at the top of each, the countdown and interrupt check that lets the
// runtime stop a looping guest cheaply.
//
// It does not validate modules, decode types, or instantiate anything: that is the runtime's job
// (internal/wasmrt, on wazero).
//
// Users: internal/claims (embedding and hashing signed claims), internal/wasmrt (the interrupt
// check) and cmd/trellis (`trellis build` adds the wapc_init alias for Go's _initialize, and
// inspection commands list imports and exports).
package wasmbin
