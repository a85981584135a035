package provider_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/trellis-lattice/trellis/contract/core"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/lattice"
	"github.com/trellis-lattice/trellis/internal/natsd"
	"github.com/trellis-lattice/trellis/provider"
)

// echo is a minimal provider: it answers every operation with its payload.
type echo struct{}

func (echo) Contract() string                                     { return "example:echo" }
func (echo) PutLink(context.Context, ctl.LinkDefinition) error    { return nil }
func (echo) DeleteLink(context.Context, ctl.LinkDefinition) error { return nil }
func (echo) Health(context.Context) error                         { return nil }
func (echo) Shutdown(context.Context) error                       { return nil }
func (echo) Handle(_ context.Context, _ string, _ ctl.LinkDefinition, _ string, payload []byte) ([]byte, error) {
	return payload, nil
}

// A provider's main function is one call; the host writes HostData to its stdin.
func ExampleMain() {
	if len(os.Args) > 1 && os.Args[1] == "provider" { // keep the example from running here
		provider.Main(echo{})
	}
}

// Run serves a provider in-process on a connection the caller owns; here a host checks its
// health and shuts it down.
func ExampleRun() {
	ctx := context.Background()
	srv, err := natsd.Start(ctx, natsd.Config{Port: natsd.NoListener, JetStream: true, DataDir: os.TempDir() + "/provider-example"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Shutdown()
	defer os.RemoveAll(os.TempDir() + "/provider-example")
	nc, _ := srv.Connect()
	defer nc.Close()

	hd := &provider.HostData{
		HostID:           "NCOV3RHIMC6BV7DRFBOWY4O3XFKIEOAU7ALSCSPUDSTHD3EAUHYNNXUH",
		LatticeRPCPrefix: "example",
		LinkName:         "default",
		ProviderKey:      "VDSGBCZNBGC4WCYKI6GJ6TOT6Z274CVDS2VQCQCN6QOWG5NP3EZBWVCT",
		InvocationSeed:   "SCAOEZTA7LSDYEGNBZBNXWE2BYKVJPYJWDLIPCBUTIV5PN4BF6T7MQ2FA4",
		ClusterIssuers:   []string{"CA2TA3GEB6SUBPRNBDWPWNARU5JJI5CLEC27RJR6RW3SPV7NJ5PHFNA5"},
	}
	done := make(chan error, 1)
	go func() { done <- provider.Run(ctx, nc, hd, echo{}, nil) }()

	subject := lattice.ProviderSubject(hd.LatticeRPCPrefix, hd.ProviderKey, hd.LinkName)
	var health core.HealthCheckResponse
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m, err := nc.Request(subject+".health", nil, time.Second); err == nil {
			err = health.UnmarshalMsg(m.Data)
			fmt.Println("healthy:", health.Healthy, err)
			break
		}
	}
	m, err := nc.Request(subject+".shutdown", nil, time.Second)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(m.Data))
	fmt.Println("Run returned:", errors.Join(<-done))
	// Output:
	// healthy: true <nil>
	// shutting down
	// Run returned: <nil>
}
