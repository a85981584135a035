package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/trellis-lattice/trellis/internal/deploy/manifest"
)

// Bucket names the manifests bucket of a lattice.
func Bucket(lattice string) string { return "TRELLIS_APPS_" + bucketSafe(lattice) }

func bucketSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

// MaxVersions is how many versions of an application the store keeps; putting one more drops
// the oldest version that is not deployed.
const MaxVersions = 20

// Errors of the store.
var (
	ErrNotFound      = errors.New("no such application")
	ErrVersionExists = errors.New("version already stored")
)

// App is the stored record of one application: its versions and what is deployed.
type App struct {
	Name     string    `json:"name"`
	Versions []Version `json:"versions"`
	// Deployed is the deployed version, "" when the application is not deployed.
	Deployed string    `json:"deployed,omitempty"`
	History  []Action  `json:"history"`
	Updated  time.Time `json:"updated"`
}

// Version is one stored version of an application's manifest.
type Version struct {
	Version string    `json:"version"`
	Put     time.Time `json:"put"`
	// Source is the manifest as the user wrote it (YAML or JSON).
	Source string `json:"source"`
	// File is the name of the file it was read from.
	File string `json:"file,omitempty"`
}

// Action is an entry of an application's history.
type Action struct {
	At      time.Time `json:"at"`
	Action  string    `json:"action"` // put, deploy, undeploy
	Version string    `json:"version,omitempty"`
}

// Find returns the stored version v ("" for the latest).
func (a *App) Find(v string) (*Version, bool) {
	if len(a.Versions) == 0 {
		return nil, false
	}
	if v == "" {
		return &a.Versions[len(a.Versions)-1], true
	}
	for i := range a.Versions {
		if a.Versions[i].Version == v {
			return &a.Versions[i], true
		}
	}
	return nil, false
}

// Manifest parses the stored version v ("" for the latest).
func (a *App) Manifest(v string) (*manifest.Application, error) {
	ver, ok := a.Find(v)
	if !ok {
		return nil, fmt.Errorf("application %s has no version %q (it has %s)", a.Name, v, strings.Join(a.versionNames(), ", "))
	}
	return manifest.Parse(ver.File, []byte(ver.Source))
}

func (a *App) versionNames() []string {
	out := make([]string, len(a.Versions))
	for i, v := range a.Versions {
		out[i] = v.Version
	}
	return out
}

// Status is the reconciler's account of an application.
type Status struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// State is Deployed, Reconciling, Failed or Undeployed.
	State      string            `json:"state"`
	Message    string            `json:"message,omitempty"`
	Components []ComponentStatus `json:"components"`
	Updated    time.Time         `json:"updated"`
}

// ComponentStatus is the state of one component of a deployed application.
type ComponentStatus struct {
	Name    string `json:"name"`
	State   string `json:"state"`
	Message string `json:"message,omitempty"`
}

// States of applications and components.
const (
	StateDeployed    = "Deployed"
	StateReconciling = "Reconciling"
	StateFailed      = "Failed"
	StateUndeployed  = "Undeployed"
)

// Store keeps applications in the lattice's manifests bucket: key app.<name> holds the App
// record and status.<name> the reconciler's Status. Updates are compare-and-set, so concurrent
// writers never lose each other's versions.
type Store struct {
	kv jetstream.KeyValue
}

// OpenStore opens (creating if needed) the manifests bucket of lattice.
func OpenStore(ctx context.Context, js jetstream.JetStream, lattice string) (*Store, error) {
	name := Bucket(lattice)
	kv, err := js.KeyValue(ctx, name)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		kv, err = js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: name, Description: "Trellis application manifests of lattice " + lattice,
			History: 1, Storage: jetstream.FileStorage})
		if errors.Is(err, jetstream.ErrBucketExists) {
			kv, err = js.KeyValue(ctx, name)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open manifests bucket %s: %w", name, err)
	}
	return &Store{kv: kv}, nil
}

// KV returns the bucket, for watching.
func (s *Store) KV() jetstream.KeyValue { return s.kv }

func appKey(name string) string    { return "app." + name }
func statusKey(name string) string { return "status." + name }

// Get returns the application called name.
func (s *Store) Get(ctx context.Context, name string) (*App, error) {
	app, _, err := s.get(ctx, name)
	return app, err
}

func (s *Store) get(ctx context.Context, name string) (*App, uint64, error) {
	e, err := s.kv.Get(ctx, appKey(name))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, 0, fmt.Errorf("%w %q", ErrNotFound, name)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("read application %s: %w", name, err)
	}
	var app App
	if err := json.Unmarshal(e.Value(), &app); err != nil {
		return nil, 0, fmt.Errorf("read application %s: %w", name, err)
	}
	return &app, e.Revision(), nil
}

// List returns every stored application, by name.
func (s *Store) List(ctx context.Context) ([]*App, error) {
	lister, err := s.kv.ListKeysFiltered(ctx, "app.>")
	if err != nil {
		return nil, fmt.Errorf("list applications: %w", err)
	}
	var names []string
	for k := range lister.Keys() {
		names = append(names, strings.TrimPrefix(k, "app."))
	}
	slices.Sort(names)
	out := make([]*App, 0, len(names))
	for _, n := range names {
		app, err := s.Get(ctx, n)
		if errors.Is(err, ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return nil, err
		}
		out = append(out, app)
	}
	return out, nil
}

// update applies change to the application called name (nil when it does not exist yet) and
// writes the result with compare-and-set, retrying when another writer got there first.
func (s *Store) update(ctx context.Context, name string, change func(app *App) (*App, error)) (*App, error) {
	for attempt := 0; ; attempt++ {
		app, rev, err := s.get(ctx, name)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		next, err := change(app)
		if err != nil {
			return nil, err
		}
		next.Updated = time.Now().UTC()
		data, err := json.Marshal(next)
		if err != nil {
			return nil, err
		}
		if app == nil {
			_, err = s.kv.Create(ctx, appKey(name), data)
		} else {
			_, err = s.kv.Update(ctx, appKey(name), data, rev)
		}
		if err == nil {
			return next, nil
		}
		if attempt >= 10 || !(errors.Is(err, jetstream.ErrKeyExists) || strings.Contains(err.Error(), "wrong last sequence")) {
			return nil, fmt.Errorf("store application %s: %w", name, err)
		}
	}
}

// Put stores a new version of the application in source (YAML or JSON, read from file, whose
// absolute path is kept: relative file:// images are resolved against it). The
// manifest must be valid, and its version new: a stored version is never changed (bump
// metadata.annotations.version instead).
func (s *Store) Put(ctx context.Context, file string, source []byte) (*manifest.Application, error) {
	if abs, err := filepath.Abs(file); err == nil && file != "" {
		file = abs // relative file:// images are relative to it, for whoever parses it later
	}
	m, err := manifest.Parse(file, source)
	if err != nil {
		return nil, err
	}
	name, version := m.Metadata.Name, m.Version()
	_, err = s.update(ctx, name, func(app *App) (*App, error) {
		if app == nil {
			app = &App{Name: name}
		}
		if _, exists := app.Find(version); exists {
			return nil, fmt.Errorf("application %s: %w: version %s; change metadata.annotations.version to store a new one", name, ErrVersionExists, version)
		}
		now := time.Now().UTC()
		app.Versions = append(app.Versions, Version{Version: version, Put: now, Source: string(source), File: file})
		for len(app.Versions) > MaxVersions {
			i := slices.IndexFunc(app.Versions, func(v Version) bool { return v.Version != app.Deployed })
			app.Versions = slices.Delete(app.Versions, i, i+1)
		}
		app.History = appendHistory(app.History, Action{At: now, Action: "put", Version: version})
		return app, nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

func appendHistory(h []Action, a Action) []Action {
	const maxHistory = 100
	h = append(h, a)
	if len(h) > maxHistory {
		h = h[len(h)-maxHistory:]
	}
	return h
}

// Deploy marks version ("" for the latest stored) as the deployed version of name.
func (s *Store) Deploy(ctx context.Context, name, version string) (string, error) {
	var deployed string
	_, err := s.update(ctx, name, func(app *App) (*App, error) {
		if app == nil {
			return nil, fmt.Errorf("%w %q: put its manifest first (trellis app put FILE)", ErrNotFound, name)
		}
		v, ok := app.Find(version)
		if !ok {
			return nil, fmt.Errorf("application %s has no version %q (it has %s)", name, version, strings.Join(app.versionNames(), ", "))
		}
		deployed = v.Version
		app.Deployed = v.Version
		app.History = appendHistory(app.History, Action{At: time.Now().UTC(), Action: "deploy", Version: v.Version})
		return app, nil
	})
	return deployed, err
}

// Undeploy marks name as not deployed; the reconciler then removes what it runs.
func (s *Store) Undeploy(ctx context.Context, name string) error {
	_, err := s.update(ctx, name, func(app *App) (*App, error) {
		if app == nil {
			return nil, fmt.Errorf("%w %q", ErrNotFound, name)
		}
		if app.Deployed == "" {
			return nil, fmt.Errorf("application %s is not deployed", name)
		}
		app.History = appendHistory(app.History, Action{At: time.Now().UTC(), Action: "undeploy", Version: app.Deployed})
		app.Deployed = ""
		return app, nil
	})
	return err
}

// Delete removes an application that is not deployed, with all its versions.
func (s *Store) Delete(ctx context.Context, name string) error {
	app, rev, err := s.get(ctx, name)
	if err != nil {
		return err
	}
	if app.Deployed != "" {
		return fmt.Errorf("application %s is deployed (version %s): undeploy it first (trellis app undeploy %s)", name, app.Deployed, name)
	}
	if err := s.kv.Delete(ctx, appKey(name), jetstream.LastRevision(rev)); err != nil {
		return fmt.Errorf("delete application %s: %w", name, err)
	}
	if err := s.kv.Delete(ctx, statusKey(name)); err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("delete status of application %s: %w", name, err)
	}
	return nil
}

// PutStatus records the reconciler's status of an application.
func (s *Store) PutStatus(ctx context.Context, st *Status) error {
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	if _, err := s.kv.Put(ctx, statusKey(st.Name), data); err != nil {
		return fmt.Errorf("write status of application %s: %w", st.Name, err)
	}
	return nil
}

// Status returns the last recorded status of name; nil when there is none yet.
func (s *Store) Status(ctx context.Context, name string) (*Status, error) {
	e, err := s.kv.Get(ctx, statusKey(name))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read status of application %s: %w", name, err)
	}
	var st Status
	if err := json.Unmarshal(e.Value(), &st); err != nil {
		return nil, fmt.Errorf("read status of application %s: %w", name, err)
	}
	return &st, nil
}
