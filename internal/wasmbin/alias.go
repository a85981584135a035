package wasmbin

import "fmt"

// AddExportAlias returns a copy of mod whose export section has one more entry: alias, exporting
// the same function as the existing function export named existing. trellis build uses it to
// export Go's _initialize a second time as wapc_init, the name wasmCloud 0.x hosts call.
//
// Only the export section is rewritten (new size and count, existing entries copied unchanged,
// the new entry last); all other bytes are identical. If alias already exports the same function,
// mod itself is returned unchanged; if it exports anything else, AddExportAlias fails.
func AddExportAlias(mod []byte, existing, alias string) ([]byte, error) {
	sec, r, n, err := vectorSection(mod, SectionExport)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, fmt.Errorf("add export alias %q: module has no export section, so no export %q", alias, existing)
	}
	entries := r.pos
	var target, found *Export
	for i := range n {
		r.what = fmt.Sprintf("export %d", i)
		ex, err := readExport(r)
		if err != nil {
			return nil, err
		}
		switch ex.Name {
		case existing:
			target = &ex
		case alias:
			found = &ex
		}
	}
	if err := trailing(r, "export section"); err != nil {
		return nil, err
	}
	if err := checkAlias(existing, alias, target, found); err != nil {
		return nil, err
	}
	if found != nil {
		return mod, nil
	}

	content := appendU32(nil, n+1)
	content = append(content, r.b[entries:]...)
	content = appendName(content, alias)
	content = append(content, byte(ExternFunc))
	content = appendU32(content, target.Index)
	return replaceSection(mod, sec, content), nil
}

func checkAlias(existing, alias string, target, found *Export) error {
	switch {
	case existing == alias:
		return fmt.Errorf("add export alias %q: alias and existing export have the same name", alias)
	case target == nil:
		return fmt.Errorf("add export alias %q: module has no export %q", alias, existing)
	case target.Kind != ExternFunc:
		return fmt.Errorf("add export alias %q: export %q is a %s, not a func", alias, existing, target.Kind)
	case found != nil && (found.Kind != ExternFunc || found.Index != target.Index):
		return fmt.Errorf("add export alias %q: module already exports %q as %s %d, not as func %d like %q",
			alias, alias, found.Kind, found.Index, target.Index, existing)
	}
	return nil
}

// replaceSection returns a copy of mod in which sec's content is replaced by content.
func replaceSection(mod []byte, sec Section, content []byte) []byte {
	out := make([]byte, 0, len(mod)-sec.Size+len(content)+5)
	out = append(out, mod[:sec.Offset]...)
	out = append(out, byte(sec.ID))
	out = appendU32(out, uint32(len(content)))
	out = append(out, content...)
	return append(out, mod[sec.End():]...)
}
