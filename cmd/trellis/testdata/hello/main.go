//go:build wasip1

// Command hello is a minimal Go actor-shaped reactor for the trellis build test: one exported
// function and an empty main, built with -buildmode=c-shared. It depends on nothing.
package main

//go:wasmexport add
func add(a, b int32) int32 { return a + b }

func main() {}
