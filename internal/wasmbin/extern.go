package wasmbin

import (
	"fmt"
	"slices"
)

// ExternKind is the kind of an import or export.
type ExternKind byte

// Import and export kinds of the binary format (tags come from the exception-handling proposal).
const (
	ExternFunc   ExternKind = 0
	ExternTable  ExternKind = 1
	ExternMemory ExternKind = 2
	ExternGlobal ExternKind = 3
	ExternTag    ExternKind = 4
)

// String returns the kind's name as written in the text format ("func", "memory", ...).
func (k ExternKind) String() string {
	switch k {
	case ExternFunc:
		return "func"
	case ExternTable:
		return "table"
	case ExternMemory:
		return "memory"
	case ExternGlobal:
		return "global"
	case ExternTag:
		return "tag"
	}
	return fmt.Sprintf("kind %d", byte(k))
}

// Import is one entry of the import section.
type Import struct {
	Module string
	Name   string
	Kind   ExternKind
}

// Export is one entry of the export section. Index is in the index space of Kind (function index
// for ExternFunc, counting imported functions first).
type Export struct {
	Name  string
	Kind  ExternKind
	Index uint32
}

// Imports lists the module's imports in order.
func Imports(mod []byte) ([]Import, error) {
	_, r, n, err := vectorSection(mod, SectionImport)
	if err != nil || r == nil {
		return nil, err
	}
	out := make([]Import, 0, min(n, uint32(r.remaining())))
	for i := range n {
		r.what = fmt.Sprintf("import %d", i)
		im, err := readImport(r)
		if err != nil {
			return nil, err
		}
		out = append(out, im)
	}
	return out, trailing(r, "import section")
}

// Exports lists the module's exports in order.
func Exports(mod []byte) ([]Export, error) {
	_, r, n, err := vectorSection(mod, SectionExport)
	if err != nil || r == nil {
		return nil, err
	}
	out := make([]Export, 0, min(n, uint32(r.remaining())))
	for i := range n {
		r.what = fmt.Sprintf("export %d", i)
		ex, err := readExport(r)
		if err != nil {
			return nil, err
		}
		out = append(out, ex)
	}
	return out, trailing(r, "export section")
}

// vectorSection finds the only section with the given id and returns it, a reader over its
// content positioned after the entry count, and that count. It returns a nil reader if the module
// has no such section.
func vectorSection(mod []byte, id SectionID) (Section, *reader, uint32, error) {
	secs, err := Sections(mod)
	if err != nil {
		return Section{}, nil, 0, err
	}
	i := slices.IndexFunc(secs, func(s Section) bool { return s.ID == id })
	if i < 0 {
		return Section{}, nil, 0, nil
	}
	s := secs[i]
	if j := slices.IndexFunc(secs[i+1:], func(s Section) bool { return s.ID == id }); j >= 0 {
		dup := secs[i+1+j]
		return Section{}, nil, 0, formatErr(ErrMalformed, dup.Offset, "second %s section at offset %#x (first at %#x)", id, dup.Offset, s.Offset)
	}
	r := &reader{b: s.Content(mod), base: s.ContentOffset, what: id.String() + " section"}
	n, err := r.u32("count")
	return s, r, n, err
}

// trailing fails if r has bytes left after its last entry.
func trailing(r *reader, what string) error {
	if r.remaining() != 0 {
		return formatErr(ErrMalformed, r.offset(), "%s has %d unexpected bytes at offset %#x after its last entry", what, r.remaining(), r.offset())
	}
	return nil
}

func readExport(r *reader) (Export, error) {
	name, err := r.name("name")
	if err != nil {
		return Export{}, err
	}
	kind, err := r.byte("kind")
	if err != nil {
		return Export{}, err
	}
	if kind > byte(ExternTag) {
		return Export{}, formatErr(ErrMalformed, r.offset()-1, "%s %q at offset %#x: unknown kind %#x", r.what, name, r.offset()-1, kind)
	}
	idx, err := r.u32("index")
	return Export{Name: name, Kind: ExternKind(kind), Index: idx}, err
}

func readImport(r *reader) (Import, error) {
	mod, err := r.name("module name")
	if err != nil {
		return Import{}, err
	}
	name, err := r.name("name")
	if err != nil {
		return Import{}, err
	}
	kind, err := r.byte("kind")
	if err != nil {
		return Import{}, err
	}
	im := Import{Module: mod, Name: name, Kind: ExternKind(kind)}
	switch im.Kind {
	case ExternFunc:
		_, err = r.u32("type index")
	case ExternTable:
		if err = skipRefType(r); err == nil {
			err = skipLimits(r)
		}
	case ExternMemory:
		err = skipLimits(r)
	case ExternGlobal:
		if err = skipRefType(r); err == nil {
			_, err = r.byte("mutability")
		}
	case ExternTag:
		if _, err = r.byte("tag attribute"); err == nil {
			_, err = r.u32("type index")
		}
	default:
		return Import{}, formatErr(ErrMalformed, r.offset()-1, "%s %s.%s at offset %#x: unknown kind %#x", r.what, mod, name, r.offset()-1, kind)
	}
	return im, err
}

// skipRefType skips a value or reference type: one byte, plus a heap type for the typed
// references of the GC proposal ((ref ht) and (ref null ht)).
func skipRefType(r *reader) error {
	t, err := r.byte("type")
	if err != nil {
		return err
	}
	if t == 0x63 || t == 0x64 {
		return r.skipS33("heap type")
	}
	return nil
}

// skipLimits skips table or memory limits: a flags byte (bit 0: has maximum, bit 1: shared,
// bit 2: 64-bit), the minimum and the optional maximum.
func skipLimits(r *reader) error {
	flags, err := r.byte("limits flags")
	if err != nil {
		return err
	}
	if flags&^7 != 0 {
		return formatErr(ErrMalformed, r.offset()-1, "%s at offset %#x: unknown limits flags %#x", r.what, r.offset()-1, flags)
	}
	bits := uint(32)
	if flags&4 != 0 {
		bits = 64
	}
	if _, err := r.uleb("minimum", bits); err != nil {
		return err
	}
	if flags&1 != 0 {
		_, err = r.uleb("maximum", bits)
	}
	return err
}
