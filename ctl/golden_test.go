package ctl_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/ctltest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func strPtr(s string) *string { return &s }

// goldenValues holds one filled-in value of every wire type, named after its golden file.
func goldenValues() map[string]any {
	labels := map[string]string{"hostcore.os": "linux", "zone": "eu-1"}
	ann := map[string]string{"app": "shop"}
	claims := ctl.ActorEventClaims{CallAlias: "echo", Caps: []string{"wasmcloud:httpserver"}, Issuer: ctltest.Account,
		Tags: []string{"demo"}, Name: "Echo", Version: "0.1.0", Revision: 3, NotBeforeHuman: "immediately", ExpiresHuman: "never"}
	link := ctl.LinkDefinition{ID: ctl.LinkID(ctltest.Echo, "wasmcloud:httpserver", "default"), ActorID: ctltest.Echo,
		ProviderID: ctltest.HTTP, LinkName: "default", ContractID: "wasmcloud:httpserver", Values: map[string]string{"port": "8080"}}
	const cid = "6f1c2a9e-93b4-4c55-9a51-0c5a7d1f2e3b"
	return map[string]any{
		"host": ctl.Host{ID: ctltest.Host1, Issuer: ctltest.Cluster, Labels: labels, FriendlyName: "quiet-river-12",
			UptimeSeconds: 3600, UptimeHuman: "1h", Version: "0.1.0", ClusterIssuers: ctltest.Cluster, JSDomain: "",
			CtlHost: "127.0.0.1:4222", ProvRPCHost: "127.0.0.1:4222", RPCHost: "127.0.0.1:4222", LatticePrefix: "default"},
		"host_inventory": ctl.HostInventory{HostID: ctltest.Host1, Issuer: ctltest.Cluster, Labels: labels, FriendlyName: "quiet-river-12",
			Actors: []ctl.ActorDescription{{ID: ctltest.Echo, ImageRef: "ghcr.io/acme/echo:0.1.0", Name: "Echo",
				Instances: []ctl.ActorInstance{{Annotations: ann, InstanceID: "7d3e6c1a-2b4f-4e8a-9c0d-1e2f3a4b5c6d", Revision: 3}}}},
			Providers: []ctl.ProviderDescription{{ID: ctltest.HTTP, ImageRef: "ghcr.io/acme/httpserver:0.1.0", ContractID: "wasmcloud:httpserver",
				LinkName: "default", Name: "HTTP Server", InstanceID: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", Annotations: ann, Revision: 1}}},
		"claims_list": ctl.ClaimsList{Claims: []ctl.Claims{
			{CallAlias: "echo", Issuer: ctltest.Account, Name: "Echo", Caps: "wasmcloud:httpserver,wasmcloud:keyvalue", Revision: "3",
				Tags: "demo", Version: strPtr("0.1.0"), Subject: ctltest.Echo},
			{Issuer: ctltest.Account, Name: "HTTP Server", Subject: ctltest.HTTP, ContractID: "wasmcloud:httpserver", Revision: "1"}}},
		"link_list":                ctl.LinkList{Links: []ctl.LinkDefinition{link}},
		"ack":                      ctl.CtlOperationAck{Accepted: true, CorrelationID: cid},
		"ack_failed":               ctl.CtlOperationAck{Error: "Command received by incorrect host and could not be processed"},
		"start_actor_command":      ctl.StartActorCommand{ActorRef: "ghcr.io/acme/echo:0.1.0", Count: 2, Annotations: ann, HostID: ctltest.Host1, CorrelationID: cid},
		"stop_actor_command":       ctl.StopActorCommand{ActorRef: ctltest.Echo, Count: 0, HostID: ctltest.Host1, CorrelationID: cid},
		"scale_actor_command":      ctl.ScaleActorCommand{ActorID: ctltest.Echo, ActorRef: "ghcr.io/acme/echo:0.1.0", Count: 5, HostID: ctltest.Host1, CorrelationID: cid},
		"update_actor_command":     ctl.UpdateActorCommand{NewActorRef: "ghcr.io/acme/echo:0.2.0", ActorID: ctltest.Echo, HostID: ctltest.Host1, CorrelationID: cid},
		"start_provider_command":   ctl.StartProviderCommand{ProviderRef: "ghcr.io/acme/httpserver:0.1.0", LinkName: "default", Configuration: "e30=", HostID: ctltest.Host1, CorrelationID: cid},
		"stop_provider_command":    ctl.StopProviderCommand{ProviderRef: ctltest.HTTP, LinkName: "default", ContractID: "wasmcloud:httpserver", HostID: ctltest.Host1, CorrelationID: cid},
		"stop_host_command":        ctl.StopHostCommand{HostID: ctltest.Host1, CorrelationID: cid},
		"label_command":            ctl.LabelCommand{Key: "zone", Value: "eu-1", CorrelationID: cid},
		"put_link_command":         ctl.PutLinkCommand{LinkDefinition: ctl.LinkDefinition{ActorID: ctltest.Echo, ProviderID: ctltest.HTTP, LinkName: "default", ContractID: "wasmcloud:httpserver", Values: map[string]string{"port": "8080"}}, CorrelationID: cid},
		"delete_link_command":      ctl.DeleteLinkCommand{ActorID: ctltest.Echo, ContractID: "wasmcloud:httpserver", LinkName: "default", CorrelationID: cid},
		"actor_auction_request":    ctl.ActorAuctionRequest{ActorRef: "ghcr.io/acme/echo:0.1.0", Constraints: map[string]string{"zone": "eu-1"}},
		"actor_auction_ack":        ctl.ActorAuctionAck{ActorRef: "ghcr.io/acme/echo:0.1.0", Constraints: map[string]string{"zone": "eu-1"}, HostID: ctltest.Host1},
		"provider_auction_request": ctl.ProviderAuctionRequest{ProviderRef: "ghcr.io/acme/httpserver:0.1.0", LinkName: "default", Constraints: map[string]string{}},
		"provider_auction_ack":     ctl.ProviderAuctionAck{ProviderRef: "ghcr.io/acme/httpserver:0.1.0", LinkName: "default", Constraints: map[string]string{}, HostID: ctltest.Host1},
		"registry_credentials": ctl.RegistryCredentialMap{"ghcr.io": {RegistryType: "oci", Username: "acme", Password: "s3cret"},
			"bindle.example.com": {RegistryType: "bindle", Token: "t0ken"}},
		"event": ctl.Event{SpecVersion: "1.0", Type: ctl.EventActorStopped, Source: ctltest.Host1, ID: "0b6a3f4e-1d2c-4b5a-8e9f-7a6b5c4d3e2f",
			Time: "2024-05-01T12:00:00.123456Z", DataContentType: "application/json",
			Data: json.RawMessage(`{"public_key":"` + ctltest.Echo + `","instance_id":"7d3e6c1a-2b4f-4e8a-9c0d-1e2f3a4b5c6d","annotations":{}}`)},
		"event_host_started": ctl.HostStarted{Labels: labels, FriendlyName: "quiet-river-12", UptimeSeconds: 0, Version: "0.1.0"},
		"event_host_stopped": ctl.HostStopped{Labels: labels, CorrelationID: cid},
		"event_host_heartbeat": ctl.HostHeartbeat{Actors: map[string]int{ctltest.Echo: 2},
			Providers: []ctl.HeartbeatProvider{{PublicKey: ctltest.HTTP, LinkName: "default", ContractID: "wasmcloud:httpserver"}},
			Labels:    labels, FriendlyName: "quiet-river-12", Version: "0.1.0", UptimeSeconds: 3600, UptimeHuman: "1h",
			HostID: ctltest.Host1, Lattice: "default"},
		"event_actor_started": ctl.ActorStarted{PublicKey: ctltest.Echo, ImageRef: "ghcr.io/acme/echo:0.1.0", APIVersion: "n/a",
			InstanceID: "7d3e6c1a-2b4f-4e8a-9c0d-1e2f3a4b5c6d", Annotations: ann, Claims: claims, CorrelationID: cid},
		"event_actors_started": ctl.ActorsStarted{PublicKey: ctltest.Echo, ImageRef: "ghcr.io/acme/echo:0.1.0", Annotations: ann,
			HostID: ctltest.Host1, Claims: claims, Count: 2, CorrelationID: cid},
		"event_actor_start_failed": ctl.ActorStartFailed{ActorRef: "ghcr.io/acme/echo:0.1.0", Error: "claims expired", CorrelationID: cid},
		"event_actors_start_failed": ctl.ActorsStartFailed{PublicKey: "N/A", ImageRef: "ghcr.io/acme/echo:0.1.0", Annotations: ann,
			HostID: ctltest.Host1, Error: "no such image", CorrelationID: cid},
		"event_actor_stopped": ctl.ActorStopped{PublicKey: ctltest.Echo, InstanceID: "7d3e6c1a-2b4f-4e8a-9c0d-1e2f3a4b5c6d", Annotations: ann, CorrelationID: cid},
		"event_actors_stopped": ctl.ActorsStopped{HostID: ctltest.Host1, PublicKey: ctltest.Echo, Count: 2, Remaining: 1,
			Annotations: ann, CorrelationID: cid},
		"event_actor_updated": ctl.ActorUpdated{PublicKey: ctltest.Echo, Revision: 4, InstanceID: "7d3e6c1a-2b4f-4e8a-9c0d-1e2f3a4b5c6d", CorrelationID: cid},
		"event_actor_update_failed": ctl.ActorUpdateFailed{PublicKey: ctltest.Echo, Revision: 4,
			InstanceID: "7d3e6c1a-2b4f-4e8a-9c0d-1e2f3a4b5c6d", Reason: "revision not greater", CorrelationID: cid},
		"event_provider_started": ctl.ProviderStarted{PublicKey: ctltest.HTTP, ImageRef: "ghcr.io/acme/httpserver:0.1.0", LinkName: "default",
			ContractID: "wasmcloud:httpserver", InstanceID: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", Annotations: ann,
			Claims:        ctl.ProviderEventClaims{Issuer: ctltest.Account, Tags: []string{}, Name: "HTTP Server", Version: "0.1.0", NotBeforeHuman: "immediately", ExpiresHuman: "never"},
			CorrelationID: cid},
		"event_provider_start_failed": ctl.ProviderStartFailed{ProviderRef: "ghcr.io/acme/httpserver:0.1.0", LinkName: "default",
			Error: "Provider with that link name is already running on this host", CorrelationID: cid},
		"event_provider_stopped": ctl.ProviderStopped{PublicKey: ctltest.HTTP, LinkName: "default", ContractID: "wasmcloud:httpserver",
			InstanceID: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", Annotations: ann, Reason: "normal", CorrelationID: cid},
		"event_health_check":   ctl.HealthCheck{PublicKey: ctltest.HTTP, ContractID: "wasmcloud:httpserver", LinkName: "default"},
		"event_linkdef":        ctl.LinkdefEvent{ID: link.ID, ActorID: link.ActorID, ProviderID: link.ProviderID, LinkName: link.LinkName, ContractID: link.ContractID, Values: link.Values, CorrelationID: cid},
		"event_refmap_set":     ctl.RefmapSet{OCIURL: "ghcr.io/acme/echo:0.1.0", PublicKey: ctltest.Echo},
		"event_invocation":     ctl.InvocationEvent{Source: ctl.InvocationEntity{PublicKey: ctltest.HTTP, ContractID: "wasmcloud:httpserver", LinkName: "default"}, Dest: ctl.InvocationEntity{PublicKey: ctltest.Echo}, Operation: "HttpServer.HandleRequest", Bytes: 42},
		"event_labels_changed": ctl.LabelsChanged{HostID: ctltest.Host1, Labels: labels, CorrelationID: cid},
		"refmap":               ctl.Refmap{OCIURL: "ghcr.io/acme/echo:0.1.0", PublicKey: ctltest.Echo},
	}
}

// TestGolden pins the JSON of every wire type: a change to a field name or shape shows up as a
// diff of testdata/*.golden.json (regenerate with go test -update). Each file must also survive a
// decode and re-encode unchanged.
func TestGolden(t *testing.T) {
	for name, v := range goldenValues() {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(v, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s changed:\n--- got\n%s\n--- want\n%s", path, got, want)
			}
			back := reflect.New(reflect.TypeOf(v))
			if err := json.Unmarshal(want, back.Interface()); err != nil {
				t.Fatalf("decode %s: %v", path, err)
			}
			again, err := json.MarshalIndent(back.Interface(), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if again = append(again, '\n'); !bytes.Equal(again, want) {
				t.Errorf("%s does not survive a decode and encode:\n%s", path, again)
			}
		})
	}
}
