package blobstorefs

import (
	"errors"
	"strings"
)

// errReservedName is wrapped by name errors for names starting with ".", which the provider
// keeps for its metadata and upload files.
var errReservedName = errors.New(`names starting with "." are reserved for the provider`)

// checkContainer validates a container name: one path segment, not empty, not starting with
// ".", without "/", "\" or NUL.
func checkContainer(name string) error {
	if strings.Contains(name, "/") {
		return errors.New(`a container name must not contain "/"`)
	}
	return checkSegment(name)
}

// checkObject validates an object name: one or more segments separated by "/" (the object then
// lives in subdirectories of its container), each valid as checkSegment requires; no leading or
// trailing "/" and no empty segment.
func checkObject(name string) error {
	if name == "" {
		return errors.New("empty name")
	}
	if strings.HasPrefix(name, "/") {
		return errors.New(`an object name must not start with "/"`)
	}
	for seg := range strings.SplitSeq(name, "/") {
		if err := checkSegment(seg); err != nil {
			return err
		}
	}
	return nil
}

// checkSegment validates one path segment of a name.
func checkSegment(s string) error {
	switch {
	case s == "":
		return errors.New("empty name or path segment")
	case s == "." || s == "..":
		return errors.New(`path segments "." and ".." are not allowed`)
	case strings.HasPrefix(s, "."):
		return errReservedName
	case strings.ContainsRune(s, 0):
		return errors.New("NUL byte in name")
	case strings.Contains(s, `\`):
		return errors.New(`"\" is not allowed in names`)
	case len(s) > 200:
		return errors.New("path segment longer than 200 bytes")
	}
	return nil
}
