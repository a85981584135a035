package wasmbin

import "fmt"

// SectionID identifies a section of a module.
type SectionID byte

// Section ids of the WebAssembly 2.0 binary format.
const (
	SectionCustom    SectionID = 0
	SectionType      SectionID = 1
	SectionImport    SectionID = 2
	SectionFunction  SectionID = 3
	SectionTable     SectionID = 4
	SectionMemory    SectionID = 5
	SectionGlobal    SectionID = 6
	SectionExport    SectionID = 7
	SectionStart     SectionID = 8
	SectionElement   SectionID = 9
	SectionCode      SectionID = 10
	SectionData      SectionID = 11
	SectionDataCount SectionID = 12
)

// String returns the section's name in the binary format spec, or "section N" for unknown ids.
func (id SectionID) String() string {
	switch id {
	case SectionCustom:
		return "custom"
	case SectionType:
		return "type"
	case SectionImport:
		return "import"
	case SectionFunction:
		return "function"
	case SectionTable:
		return "table"
	case SectionMemory:
		return "memory"
	case SectionGlobal:
		return "global"
	case SectionExport:
		return "export"
	case SectionStart:
		return "start"
	case SectionElement:
		return "element"
	case SectionCode:
		return "code"
	case SectionData:
		return "data"
	case SectionDataCount:
		return "datacount"
	}
	return fmt.Sprintf("section %d", byte(id))
}

// Section locates one section inside a module. All offsets are byte offsets from the start of the
// module.
type Section struct {
	ID            SectionID
	Offset        int    // offset of the section's id byte
	ContentOffset int    // offset of the content, just after the size field
	Size          int    // size of the content in bytes, as declared by the size field
	Name          string // custom sections only: the section's name
	DataOffset    int    // custom sections: offset of the payload after the name; otherwise ContentOffset
}

// End returns the offset just past the section.
func (s Section) End() int { return s.ContentOffset + s.Size }

// Content returns the section's content (everything after the size field) within mod.
func (s Section) Content(mod []byte) []byte { return mod[s.ContentOffset:s.End()] }

// Data returns a custom section's payload (the bytes after its name) within mod, or the whole
// content of any other section.
func (s Section) Data(mod []byte) []byte { return mod[s.DataOffset:s.End()] }

// headerSize is the size of the magic and version that open every module.
const headerSize = 8

// magic opens every module.
const magic = "\x00asm"

// Sections checks the module header and lists the module's sections in file order.
//
// Section contents are not decoded (except the names of custom sections), so a module whose
// sections are all well-framed is accepted even if their contents are invalid.
func Sections(mod []byte) ([]Section, error) {
	if err := checkHeader(mod); err != nil {
		return nil, err
	}
	var out []Section
	for off := headerSize; off < len(mod); {
		s, err := readSection(mod, off)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		off = s.End()
	}
	return out, nil
}

func checkHeader(mod []byte) error {
	if len(mod) < len(magic) || string(mod[:len(magic)]) != magic {
		return formatErr(ErrNotWasm, 0, "%s", ErrNotWasm.Error())
	}
	if len(mod) < headerSize {
		return formatErr(ErrTruncated, len(mod), "truncated header: %d bytes, want %d", len(mod), headerSize)
	}
	v := uint32(mod[4]) | uint32(mod[5])<<8 | uint32(mod[6])<<16 | uint32(mod[7])<<24
	if v != 1 {
		return formatErr(ErrUnsupportedVersion, 4, "unsupported wasm version %d", v)
	}
	return nil
}

// readSection reads the section whose id byte is at off.
func readSection(mod []byte, off int) (Section, error) {
	id := SectionID(mod[off])
	r := reader{b: mod, pos: off + 1, what: fmt.Sprintf("section %d", id)}
	size, err := r.u32("size")
	if err != nil {
		return Section{}, err
	}
	s := Section{ID: id, Offset: off, ContentOffset: r.pos, Size: int(size), DataOffset: r.pos}
	if uint64(size) > uint64(r.remaining()) {
		return Section{}, formatErr(ErrTruncated, off, "truncated section %d at offset %#x: declares %d bytes, %d remain",
			id, off, size, r.remaining())
	}
	if id != SectionCustom {
		return s, nil
	}
	cr := reader{b: s.Content(mod), base: s.ContentOffset, what: "custom section"}
	if s.Name, err = cr.name("name"); err != nil {
		return Section{}, err
	}
	s.DataOffset = cr.offset()
	return s, nil
}
