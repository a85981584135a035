package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/trellis-lattice/trellis/internal/deploy/manifest"
)

// Shares divides replicas over spreads by weight, as wadm does: spread i gets
// floor(replicas × wᵢ / Σw), and the remainder goes one each to the spreads with the largest
// fractional part of replicas × wᵢ / Σw, ties by larger weight, then manifest order. When every
// weight is zero, all spreads weigh the same. Shares of no spreads is nil.
func Shares(replicas int, spreads []manifest.Spread) []int {
	if len(spreads) == 0 {
		return nil
	}
	weights := make([]int, len(spreads))
	total := 0
	for i, s := range spreads {
		weights[i] = max(s.Weight, 0)
		total += weights[i]
	}
	if total == 0 {
		for i := range weights {
			weights[i] = 1
		}
		total = len(weights)
	}
	replicas = max(replicas, 0)
	shares := make([]int, len(spreads))
	rems := make([]int, len(spreads))
	left := replicas
	for i, w := range weights {
		shares[i] = replicas * w / total
		rems[i] = replicas * w % total
		left -= shares[i]
	}
	order := make([]int, len(spreads))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(rems[b], rems[a]), cmp.Compare(weights[b], weights[a]))
	})
	for _, i := range order[:left] {
		shares[i]++
	}
	return shares
}

// scaler is a component's scaler trait, normalised: at least one spread.
type scaler struct {
	daemon   bool
	replicas int
	spreads  []manifest.Spread
}

// scalerOf returns the component's first scaler trait; ok is false when it has none.
func scalerOf(c manifest.Component) (s scaler, ok bool) {
	for _, t := range c.Traits {
		switch {
		case t.Spread != nil:
			s = scaler{replicas: t.Spread.Replicas, spreads: t.Spread.Spread}
		case t.Daemon != nil:
			s = scaler{daemon: true, replicas: t.Daemon.Replicas, spreads: t.Daemon.Spread}
		default:
			continue
		}
		if len(s.spreads) == 0 {
			s.spreads = []manifest.Spread{{Name: DefaultSpread}}
		}
		return s, true
	}
	return scaler{}, false
}

// eligible reports whether a host with labels belongs to spread s: its labels contain every
// requirement and none of the anti-requirements.
func eligible(s manifest.Spread, labels map[string]string) bool {
	for k, v := range s.Requirements {
		if got, ok := labels[k]; !ok || got != v {
			return false
		}
	}
	for k, v := range s.AntiRequirements {
		if got, ok := labels[k]; ok && got == v {
			return false
		}
	}
	return true
}

// eligibleHosts returns the IDs, in order, of the hosts that belong to s.
func (l *Lattice) eligibleHosts(s manifest.Spread) []string {
	var out []string
	for _, h := range l.hosts {
		if eligible(s, h.Labels) {
			out = append(out, h.HostID)
		}
	}
	return out
}

// noHostMessage says why no host belongs to s.
func noHostMessage(s manifest.Spread) string {
	req, anti := pairs(s.Requirements), pairs(s.AntiRequirements)
	switch {
	case anti == "":
		return fmt.Sprintf("spread %q: no host has labels %s", s.Name, req)
	case req == "":
		return fmt.Sprintf("spread %q: every host has one of the labels %s", s.Name, anti)
	}
	return fmt.Sprintf("spread %q: no host has labels %s and none of %s", s.Name, req, anti)
}

func pairs(m map[string]string) string {
	var parts []string
	for _, k := range sortedKeys(m) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ",")
}
