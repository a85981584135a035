package cbor

// Skip checks that one well-formed item is at the front of b and returns the
// bytes after it. It does not allocate and does not check that text is
// UTF-8 or that map keys are text. Nesting deeper than MaxDepth is
// ErrTooDeep.
func Skip(b []byte) ([]byte, error) {
	rest, err := skip(b, 0)
	if err != nil {
		return b, err
	}
	return rest, nil
}

// skip skips one item nested depth levels deep.
func skip(b []byte, depth int) ([]byte, error) {
	major, info, arg, rest, err := head(b)
	if err != nil {
		return b, err
	}
	switch major {
	case majorUint, majorNegInt:
		return rest, nil
	case majorBytes, majorText:
		return skipString(rest, major, info, arg)
	case majorArray, majorMap:
		if depth+1 > MaxDepth {
			return b, ErrTooDeep
		}
		return skipItems(rest, major, info, arg, depth+1)
	case majorTag:
		if depth+1 > MaxDepth {
			return b, ErrTooDeep
		}
		return skip(rest, depth+1)
	}
	switch {
	case info == infoIndefinite: // a break outside an indefinite-length item
		return b, ErrMalformed
	case info == infoUint8 && arg < 32: // a simple value that fits the first byte
		return b, ErrMalformed
	}
	return rest, nil // the float bits or simple value were the argument
}

// skipString skips the body of a byte or text string (major) whose head,
// already read, had info and arg.
func skipString(b []byte, major, info byte, arg uint64) ([]byte, error) {
	if info != infoIndefinite {
		if arg > uint64(len(b)) {
			return b, ErrTruncated
		}
		return b[arg:], nil
	}
	for {
		if len(b) == 0 {
			return b, ErrTruncated
		}
		if b[0] == leadBreak {
			return b[1:], nil
		}
		m, info, n, rest, err := head(b)
		if err != nil {
			return b, err
		}
		if m != major || info == infoIndefinite {
			return b, ErrMalformed
		}
		if n > uint64(len(rest)) {
			return b, ErrTruncated
		}
		b = rest[n:]
	}
}

// skipItems skips the items of an array or map (major) whose head, already
// read, had info and arg; the items are depth levels deep.
func skipItems(b []byte, major, info byte, arg uint64, depth int) ([]byte, error) {
	per := uint64(1)
	if major == majorMap {
		per = 2
	}
	if info == infoIndefinite {
		for {
			if len(b) == 0 {
				return b, ErrTruncated
			}
			if b[0] == leadBreak {
				return b[1:], nil
			}
			for range per { // a break between a key and its value is malformed
				var err error
				if b, err = skip(b, depth); err != nil {
					return b, err
				}
			}
		}
	}
	if arg > uint64(len(b))/per {
		return b, ErrTruncated
	}
	for range arg * per {
		var err error
		if b, err = skip(b, depth); err != nil {
			return b, err
		}
	}
	return b, nil
}
