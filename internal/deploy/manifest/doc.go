// Package manifest reads and checks application manifests: the wadm application format
// (core.oam.dev/v1beta1 Application) that Trellis deploys. [Parse] turns a YAML or JSON file
// into a validated [Application] with defaults filled in, or fails with a [*ValidationError]
// listing every problem found, each as FILE:LINE:COL: FIELD: MESSAGE. [Application.Encode]
// gives the canonical JSON form that is stored.
//
// The package does no I/O and applies no deployment policy: whether an image may be pulled,
// whether an untagged or :latest reference is acceptable, whether a built-in provider name
// exists, are the host's decisions. The deployment store and the reconciler (internal/deploy)
// use it; the planner works on the types it returns.
//
// # Format
//
// A manifest is one YAML document (JSON is YAML too). Anchors and aliases are allowed, merge
// keys (<<) are not. Every mapping key must be a string and appear once; a field that is not
// listed here is an error. A string field must be a YAML string ("quote" numbers and booleans
// meant as strings); null stands for an absent value, except where a number is required.
//
//	apiVersion: core.oam.dev/v1beta1    # required, exactly this
//	kind: Application                   # required, exactly this
//	metadata:
//	  name: echo                        # required: a name (see below)
//	  annotations:                      # string → string
//	    version: v0.1.0                 # required: any non-empty string
//	    description: Echo over HTTP
//	  labels: {team: web}               # string → string
//	spec:
//	  components:                       # at least one
//	    - name: echo                    # required, unique in the manifest: a name
//	      type: actor                   # required: actor or capability
//	      properties:
//	        image: ghcr.io/org/echo:0.3.4
//	      traits:
//	        - type: spreadscaler
//	          properties:
//	            replicas: 10
//	            spread:
//	              - {name: a, requirements: {zone: a}, weight: 50}
//	              - {name: b, requirements: {zone: b}, weight: 30}
//	              - {name: c, requirements: {zone: c}, weight: 20}
//	        - type: linkdef
//	          properties:
//	            target: httpserver
//	            values: {address: 0.0.0.0:8080}
//	    - name: httpserver
//	      type: capability
//	      properties:
//	        image: httpserver           # a built-in provider
//	        contract: wasmcloud:httpserver
//	        link_name: default          # optional, "default" when empty or absent
//	        config: {timeout_ms: 5000}  # optional: any mapping of JSON-compatible values
//	      traits:
//	        - type: daemonscaler
//	          properties:
//	            replicas: 1
//	            spread:
//	              - name: not-edge
//	                anti_requirements: {role: edge}
//
// # Rules
//
// Names (metadata.name and component names) are lowercase DNS labels: letters a-z, digits and
// '-', starting and ending with a letter or digit, at most 63 characters. Component names are
// unique within the manifest.
//
// A component's properties.image is required. It is one of:
//   - file:// followed by an absolute path, as in file:///srv/actors/echo.wasm, or by a path
//     relative to the manifest file's directory, as in file://build/echo_s.wasm (made absolute
//     when the manifest is parsed from a file);
//   - an OCI reference registry/repository[:tag][@sha256:<64 hex digits>]. The registry is a
//     host name with a '.' or a port, or localhost ([IPv6] addresses in brackets too); the
//     repository is one or more '/'-separated lowercase components of letters and digits
//     joined by '.', '_', '__' or dashes; registry and repository together are at most 255
//     characters; a tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.'
//     or '-'. Only the syntax is checked;
//   - for capabilities only: a bare built-in provider name of lowercase letters, digits and
//     '-', as in httpserver.
//
// A capability's contract is required: namespace:name in lowercase (letters, digits, '_', '.',
// '-'), as in wasmcloud:keyvalue. Its link_name is "default" when empty or absent; config is any
// mapping, kept as map[string]any of strings, booleans, int64, uint64, float64 (finite), nil,
// []any and map[string]any. An actor may have none of contract, link_name and config: it gets
// its settings from the values of its links.
//
// Traits are scalers and link definitions:
//   - A component has at most one scaler: spreadscaler or daemonscaler. Without one it is not
//     run. A spreadscaler runs replicas instances in total (for a capability: on replicas
//     hosts), replicas ≥ 0. A daemonscaler runs replicas instances of an actor on every
//     eligible host, replicas ≥ 1; for a capability it runs one provider on every eligible host
//     and replicas ≥ 0 (0 runs none). replicas is required in both.
//   - A scaler's spread is a list of sets of eligible hosts; no spread means every host. Each
//     spread has a name, required and unique within the scaler; requirements, labels a host
//     must have; and anti_requirements, labels a host must not have (a Trellis extension for
//     anti-affinity, not in wadm). Their keys and values are non-empty strings, and no label
//     (key and value) may be in both. A spreadscaler divides its replicas by the spreads'
//     weights: either no spread has a weight (equal shares) or every spread has one, each an
//     integer ≥ 1, and together they add up to 100.
//   - A linkdef links an actor to a capability component: it is allowed on actors only, its
//     target must name a capability component of the same manifest, and its values are
//     string → string settings given to the provider for this actor. An actor may not have two
//     links to capabilities with the same contract and link name.
//
// # Errors
//
// Problems are sorted by position. FIELD is the path of the offending value, such as
// spec.components[2].traits[0].properties.spread[1].weight, with keys that are not plain
// identifiers written as ["key"]; a missing field is reported at the mapping that lacks it.
// YAML syntax errors have a line but no column (the YAML parser gives none) and no field.
// Each message says what is wrong and, after "want", what is allowed.
package manifest
