package wasmbin

import "slices"

// CustomSections returns the payloads (the bytes after the name) of every custom section called
// name, in file order. The payloads alias mod.
func CustomSections(mod []byte, name string) ([][]byte, error) {
	secs, err := Sections(mod)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for _, s := range secs {
		if s.ID == SectionCustom && s.Name == name {
			out = append(out, s.Data(mod))
		}
	}
	return out, nil
}

// StripCustom returns a copy of mod without the custom sections whose name is one of names.
// Every other byte, including other custom sections, is copied unchanged.
func StripCustom(mod []byte, names ...string) ([]byte, error) {
	secs, err := Sections(mod)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(mod))
	out = append(out, mod[:headerSize]...)
	for _, s := range secs {
		if s.ID == SectionCustom && slices.Contains(names, s.Name) {
			continue
		}
		out = append(out, mod[s.Offset:s.End()]...)
	}
	return out, nil
}

// AppendCustom returns a new module made of mod followed by a custom section called name that
// holds payload. mod is not parsed and never modified.
func AppendCustom(mod []byte, name string, payload []byte) []byte {
	content := len(appendName(nil, name)) + len(payload)
	out := make([]byte, 0, len(mod)+1+5+content)
	out = append(out, mod...)
	out = append(out, byte(SectionCustom))
	out = appendU32(out, uint32(content))
	out = appendName(out, name)
	return append(out, payload...)
}
