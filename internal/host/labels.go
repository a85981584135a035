package host

import (
	"maps"
	"runtime"
	"strconv"
	"strings"
)

// EnvLabels returns the labels given by HOST_<NAME>=value environment variables (PROTOCOL.md
// §1.4): the name lower-cased, the value unchanged. HOST_CONFIG is not a label.
func EnvLabels(environ []string) map[string]string {
	labels := map[string]string{}
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		key, isLabel := strings.CutPrefix(name, "HOST_")
		if !ok || !isLabel || key == "" || key == "CONFIG" {
			continue
		}
		labels[strings.ToLower(key)] = value
	}
	return labels
}

// builtinLabels are the hostcore.* labels every host carries; they override user labels.
func builtinLabels() map[string]string {
	family := "unix"
	if runtime.GOOS == "windows" {
		family = "windows"
	}
	arch := map[string]string{"amd64": "x86_64", "arm64": "aarch64", "386": "x86"}[runtime.GOARCH]
	if arch == "" {
		arch = runtime.GOARCH
	}
	goos := runtime.GOOS
	if goos == "darwin" {
		goos = "macos"
	}
	return map[string]string{"hostcore.os": goos, "hostcore.arch": arch, "hostcore.osfamily": family}
}

// Labels returns a copy of the host's current labels.
func (h *Host) Labels() map[string]string {
	h.labelsMu.RLock()
	defer h.labelsMu.RUnlock()
	return maps.Clone(h.labels)
}

// setLabel adds, changes or (value == nil) removes a label; hostcore.* labels are fixed.
func (h *Host) setLabel(key string, value *string) error {
	if strings.HasPrefix(key, "hostcore.") {
		return errFixedLabel(key)
	}
	h.labelsMu.Lock()
	defer h.labelsMu.Unlock()
	if value == nil {
		delete(h.labels, key)
	} else {
		h.labels[key] = *value
	}
	return nil
}

type errFixedLabel string

func (e errFixedLabel) Error() string {
	return "label " + string(e) + " is set by the host and cannot be changed"
}

// friendlyName is a cosmetic name like "quiet-river-4821" (PROTOCOL.md §1.5).
func friendlyName(seed []byte) string {
	adjectives := []string{"quiet", "brave", "swift", "calm", "bright", "gentle", "bold", "lucky", "misty", "sunny", "wild", "clever"}
	nouns := []string{"river", "forest", "meadow", "harbor", "summit", "canyon", "island", "valley", "glacier", "orchard", "prairie", "lagoon"}
	n := 0
	for _, b := range seed {
		n = n*31 + int(b)
	}
	if n < 0 {
		n = -n
	}
	return adjectives[n%len(adjectives)] + "-" + nouns[(n/7)%len(nouns)] + "-" + strconv.Itoa(1+(n/131)%9999)
}

// mergeLabels combines environment, configured and built-in labels, later ones winning.
func mergeLabels(sets ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, s := range sets {
		maps.Copy(out, s)
	}
	return out
}
