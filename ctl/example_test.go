package ctl_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/ctl"
)

// A host subscribes to, and a client publishes on, the same subjects.
func ExampleTopics() {
	t := ctl.Topics{Lattice: "prod"}
	fmt.Println(t.Ping())
	fmt.Println(t.StartActor("NHOST"))
	fmt.Println(t.PutLabel("NHOST"))
	fmt.Println(t.Commands("NHOST"))
	fmt.Println(t.Events())
	// Output:
	// wasmbus.ctl.prod.ping.hosts
	// wasmbus.ctl.prod.cmd.NHOST.la
	// wasmbus.ctl.prod.cmd.NHOST.label_put
	// wasmbus.ctl.prod.cmd.NHOST.*
	// wasmbus.evt.prod
}

// Hosts build events with NewEvent, echoing the correlation id of the command that caused them.
func ExampleNewEvent() {
	e, err := ctl.NewEvent(ctl.EventActorsStopped, "NHOST", ctl.ActorsStopped{
		HostID: "NHOST", PublicKey: "MACTOR", Count: 1, Remaining: 2, CorrelationID: "42",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Name(), e.Source, e.CorrelationID())
	fmt.Println(string(e.Data))
	// Output:
	// actors_stopped NHOST 42
	// {"host_id":"NHOST","public_key":"MACTOR","count":1,"remaining":2,"annotations":null,"correlation_id":"42"}
}

func ExampleLabelsMatch() {
	labels := map[string]string{"zone": "eu-1", "hostcore.os": "linux"}
	fmt.Println(ctl.LabelsMatch(labels, map[string]string{"zone": "eu-1"}))
	fmt.Println(ctl.LabelsMatch(labels, map[string]string{"zone": "us-1"}))
	// Output:
	// true
	// false
}

// Start an actor on a host chosen by auction and wait for the outcome, matched by the
// correlation id the client puts on the command.
func ExampleClient_StartActor() {
	nc, err := nats.Connect(nats.DefaultURL)
	if err != nil {
		log.Fatal(err)
	}
	defer nc.Close()
	c, err := ctl.NewClient(nc, ctl.Options{Lattice: "default"})
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	bids, err := c.ActorAuction(ctx, ctl.ActorAuctionRequest{ActorRef: "ghcr.io/acme/echo:0.1.0",
		Constraints: map[string]string{"zone": "eu-1"}})
	if err != nil || len(bids) == 0 {
		log.Fatalf("no host can run the actor: %v", err)
	}
	events, err := c.Events(ctx) // subscribe before sending, so the outcome cannot be missed
	if err != nil {
		log.Fatal(err)
	}
	ack, err := c.StartActor(ctx, bids[0].HostID, ctl.StartActorCommand{ActorRef: "ghcr.io/acme/echo:0.1.0", Count: 2})
	if err != nil {
		log.Fatal(err)
	}
	for e := range events {
		if e.CorrelationID() != ack.CorrelationID {
			continue
		}
		switch e.Type {
		case ctl.EventActorsStarted:
			fmt.Println("started")
			return
		case ctl.EventActorsStartFailed:
			var d ctl.ActorsStartFailed
			_ = e.DecodeData(&d)
			log.Fatalf("start failed: %s", d.Error)
		}
	}
}

// List the hosts of a lattice. With Trellis hosts the call returns as soon as every host in the
// membership bucket has answered.
func ExampleClient_Hosts() {
	nc, err := nats.Connect(nats.DefaultURL)
	if err != nil {
		log.Fatal(err)
	}
	defer nc.Close()
	c, err := ctl.NewClient(nc, ctl.Options{})
	if err != nil {
		log.Fatal(err)
	}
	hosts, err := c.Hosts(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range hosts {
		fmt.Println(h.ID, h.FriendlyName, h.Labels)
	}
}
