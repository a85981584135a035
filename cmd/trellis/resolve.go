package main

import (
	"context"
	"fmt"
	"github.com/trellis-lattice/trellis/internal/host"
	"maps"
	"slices"
	"strings"

	"github.com/trellis-lattice/trellis/ctl"
)

// entity is something a command argument can name: a host, actor or provider, known by its
// public key and optionally by a name and an alias.
type entity struct {
	key   string
	name  string
	alias string
}

// label describes e for messages: "Echo (MD3W…)" or just the key.
func (e entity) label() string {
	if e.name == "" {
		return e.key
	}
	return e.name + " (" + e.key + ")"
}

// match finds the one entity arg names. In order: the exact public key; an exact name or alias
// (ignoring case); a prefix of the public key (ignoring case). kind ("actor", "host") and hint
// (what to run to list them) go into the errors, which say when arg is ambiguous.
func match(arg, kind, hint string, known []entity) (entity, error) {
	byKey := map[string]entity{}
	for _, e := range known {
		if prev, ok := byKey[e.key]; !ok || prev.name == "" {
			byKey[e.key] = e
		}
	}
	if e, ok := byKey[arg]; ok {
		return e, nil
	}
	rules := []func(entity) bool{
		func(e entity) bool {
			return strings.EqualFold(e.name, arg) || e.alias != "" && strings.EqualFold(e.alias, arg)
		},
		func(e entity) bool { return strings.HasPrefix(e.key, strings.ToUpper(arg)) },
	}
	for _, rule := range rules {
		var found []entity
		for _, key := range slices.Sorted(maps.Keys(byKey)) {
			if rule(byKey[key]) {
				found = append(found, byKey[key])
			}
		}
		switch {
		case len(found) == 1:
			return found[0], nil
		case len(found) > 1:
			var names []string
			for _, e := range found {
				names = append(names, e.label())
			}
			return entity{}, fmt.Errorf("%s %q is ambiguous: it matches %s; give more of the public key", kind, arg, strings.Join(names, ", "))
		}
	}
	return entity{}, fmt.Errorf("no %s matches %q (see '%s')", kind, arg, hint)
}

// isKey reports whether s is a whole public key of the given type letter.
func isKey(s string, letter byte) bool { return looksLikePublicKey(s) && s[0] == letter }

// resolveHost finds the host arg names (id, id prefix or friendly name) by pinging the lattice.
// A whole host key is taken as is.
func (s *session) resolveHost(ctx context.Context, arg string) (entity, error) {
	if isKey(arg, 'N') {
		return entity{key: arg}, nil
	}
	hosts, err := s.Hosts(ctx)
	if err != nil {
		return entity{}, err
	}
	return matchHost(arg, hosts)
}

func matchHost(arg string, hosts []ctl.Host) (entity, error) {
	var known []entity
	for _, h := range hosts {
		known = append(known, entity{key: h.ID, name: h.FriendlyName})
	}
	return match(arg, "host", "trellis get hosts", known)
}

// actorsOf lists the actors named in claims and inventories.
func actorsOf(claims []ctl.Claims, invs []*ctl.HostInventory) []entity {
	var known []entity
	for _, c := range claims {
		if strings.HasPrefix(c.Subject, "M") {
			known = append(known, entity{key: c.Subject, name: c.Name, alias: c.CallAlias})
		}
	}
	for _, inv := range invs {
		for _, a := range inv.Actors {
			known = append(known, entity{key: a.ID, name: a.Name})
		}
	}
	return known
}

// providersOf lists the providers named in claims and inventories.
func providersOf(claims []ctl.Claims, invs []*ctl.HostInventory) []entity {
	var known []entity
	for _, c := range claims {
		if strings.HasPrefix(c.Subject, "V") {
			known = append(known, entity{key: c.Subject, name: c.Name})
		}
	}
	for _, inv := range invs {
		for _, p := range inv.Providers {
			known = append(known, entity{key: p.ID, name: p.Name})
		}
	}
	return known
}

// resolveActor finds the actor arg names (public key, key prefix, claims name or call alias)
// among the lattice's claims and the given inventories. A whole module key is taken as is.
func (s *session) resolveActor(ctx context.Context, arg string, invs []*ctl.HostInventory) (entity, error) {
	known := actorsOf(nil, invs)
	if isKey(arg, 'M') {
		return matchOr(arg, known), nil
	}
	claims, err := s.Claims(ctx)
	if err != nil {
		return entity{}, err
	}
	return match(arg, "actor", "trellis get claims", actorsOf(claims, invs))
}

// resolveProvider is resolveActor for providers; the name of a built-in provider
// (httpserver, keyvalue-nats, …) resolves to its fixed key even when no host runs it yet.
func (s *session) resolveProvider(ctx context.Context, arg string) (entity, error) {
	if isKey(arg, 'V') {
		return entity{key: arg}, nil
	}
	if _, ok := builtinProviders()[arg]; ok {
		key, err := host.BuiltinKey(arg)
		if err != nil {
			return entity{}, err
		}
		return entity{key: key, name: arg}, nil
	}
	claims, err := s.Claims(ctx)
	if err != nil {
		return entity{}, err
	}
	return match(arg, "provider", "trellis get claims", providersOf(claims, nil))
}

// matchOr returns the known entity with key, or a bare entity for it.
func matchOr(key string, known []entity) entity {
	for _, e := range known {
		if e.key == key && e.name != "" {
			return e
		}
	}
	return entity{key: key}
}
