package codec

import (
	"slices"
	"strconv"
)

// ReadArrayHeader reads the header of an array in any of its forms
// (fixarray, array16, array32) and returns the element count and the bytes
// after the header, for list members whose elements the caller reads. A
// count larger than the bytes left is ErrTruncated (every element takes at
// least one byte), so the caller may allocate n elements safely; a value
// that is not an array, nil included, is a TypeError. On error the input is
// returned unchanged.
func ReadArrayHeader(b []byte) (n int, rest []byte, err error) { return readArrayHeader(b) }

// AppendStrings appends a list of String as a msgpack array of str.
func AppendStrings(b []byte, list []string) []byte {
	b = appendArrayHeader(b, uint32(len(list)))
	for _, s := range list {
		b = AppendString(b, s)
	}
	return b
}

// ReadStrings reads a list of String. An empty list reads as nil.
func ReadStrings(b []byte) ([]string, []byte, error) {
	n, rest, err := readArrayHeader(b)
	if err != nil || n == 0 {
		return nil, rest, err
	}
	list := make([]string, n)
	for i := range list {
		if list[i], rest, err = ReadString(rest); err != nil {
			return nil, b, wrapError("list element "+strconv.Itoa(i)+": ", err, "")
		}
	}
	return list, rest, nil
}

// AppendStringsMap appends a map of String to list of String (the shape of
// HTTP header maps) with its keys in sorted order, so equal maps always
// encode to equal bytes.
func AppendStringsMap(b []byte, m map[string][]string) []byte {
	b = AppendMapHeader(b, uint32(len(m)))
	var small [16]string // sorts typical header maps without allocating
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b = AppendString(b, k)
		b = AppendStrings(b, m[k])
	}
	return b
}

// StringsMapSize returns an upper bound of the encoded size of m, for
// growing a buffer once before AppendStringsMap.
func StringsMapSize(m map[string][]string) int {
	n := 5
	for k, v := range m {
		n += 5 + len(k) + 5
		for _, s := range v {
			n += 5 + len(s)
		}
	}
	return n
}

// ReadStringsMap reads a map of String to list of String. The result is
// never nil. A value written as a single str instead of a list, as
// waPC-era actors do for headers (ACTORS.md §3.3.9), reads as a list of one.
func ReadStringsMap(b []byte) (map[string][]string, []byte, error) {
	n, rest, err := readMapHeader(b)
	if err != nil {
		return nil, b, err
	}
	m := make(map[string][]string, n)
	for i := range n {
		var k string
		if k, rest, err = ReadString(rest); err != nil {
			return nil, b, wrapError("key of entry "+strconv.Itoa(i)+": ", err, "")
		}
		var v []string
		if v, rest, err = readStringOrList(rest); err != nil {
			return nil, b, wrapError("value of "+strconv.Quote(k)+": ", err, "")
		}
		m[k] = v
	}
	return m, rest, nil
}

// readStringOrList reads a list of String, or a single String as a list of one.
func readStringOrList(b []byte) ([]string, []byte, error) {
	if len(b) > 0 && kindOf(b[0]) == kindStr {
		s, rest, err := ReadString(b)
		if err != nil {
			return nil, b, err
		}
		return []string{s}, rest, nil
	}
	return ReadStrings(b)
}
