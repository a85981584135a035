// Package wrap adds context to errors inside the actor SDK without importing
// fmt, which would add about 140 KB to every actor built with it.
//
// It does only that; callers still see the wrapped error through errors.Is
// and errors.As.
package wrap
