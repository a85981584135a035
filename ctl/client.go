package ctl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// DefaultTimeout bounds requests and scatter-gather collection when Options.Timeout is zero.
const DefaultTimeout = 2 * time.Second

// Options configure a Client.
type Options struct {
	// Lattice is the lattice prefix; DefaultLattice when empty.
	Lattice string
	// TopicPrefix is the control topic prefix; DefaultTopicPrefix when empty.
	TopicPrefix string
	// Timeout bounds each request, and how long scatter-gather requests (Hosts, auctions) wait
	// for hosts the membership bucket does not account for; DefaultTimeout when zero.
	Timeout time.Duration
}

func (o Options) withDefaults() Options {
	if o.Lattice == "" {
		o.Lattice = DefaultLattice
	}
	if o.TopicPrefix == "" {
		o.TopicPrefix = DefaultTopicPrefix
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	return o
}

// Validate checks the options after defaults are applied.
func (o Options) Validate() error {
	o = o.withDefaults()
	if err := ValidateLattice(o.Lattice); err != nil {
		return err
	}
	if err := validatePrefix(o.TopicPrefix); err != nil {
		return err
	}
	if o.Timeout < 0 {
		return fmt.Errorf("timeout %v is negative", o.Timeout)
	}
	return nil
}

// Client talks to the hosts of one lattice over the control interface. It is safe for
// concurrent use; it does not own the NATS connection.
type Client struct {
	nc     *nats.Conn
	js     jetstream.JetStream
	opts   Options
	topics Topics
}

// NewClient returns a client for the lattice of opts on connection nc.
func NewClient(nc *nats.Conn, opts Options) (*Client, error) {
	if nc == nil {
		return nil, errors.New("ctl: nil NATS connection")
	}
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("ctl: %w", err)
	}
	opts = opts.withDefaults()
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("ctl: %w", err)
	}
	return &Client{nc: nc, js: js, opts: opts, topics: Topics{Prefix: opts.TopicPrefix, Lattice: opts.Lattice}}, nil
}

// Lattice returns the client's lattice prefix.
func (c *Client) Lattice() string { return c.opts.Lattice }

// Topics returns the subjects the client uses.
func (c *Client) Topics() Topics { return c.topics }

// Members returns the membership records of the lattice's hosts, keyed by host id. It fails with
// ErrNoMembership when no Trellis host ever started in the lattice.
func (c *Client) Members(ctx context.Context) (map[string]HostRecord, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	return readMembers(ctx, c.js, c.opts.Lattice)
}

// request sends body as JSON to subject and decodes the single reply into reply.
func (c *Client) request(ctx context.Context, subject string, body, reply any) error {
	data, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("%s: encode request: %w", subject, err)
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	msg, err := c.nc.RequestWithContext(ctx, subject, data)
	switch {
	case errors.Is(err, nats.ErrNoResponders):
		return &NoResponderError{Subject: subject, Lattice: c.opts.Lattice}
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s: no reply within %v: %w", subject, c.opts.Timeout, err)
	case err != nil:
		return fmt.Errorf("%s: %w", subject, err)
	}
	return decodeReply(subject, msg.Data, reply)
}

// decodeReply decodes a reply, turning a failure ack sent in place of the expected reply into
// a RejectedError.
func decodeReply(subject string, data []byte, reply any) error {
	var ack struct {
		Accepted *bool  `json:"accepted"`
		Error    string `json:"error"`
	}
	if json.Unmarshal(data, &ack) == nil && ack.Accepted != nil && !*ack.Accepted {
		return &RejectedError{Subject: subject, Message: ack.Error}
	}
	if err := json.Unmarshal(data, reply); err != nil {
		return fmt.Errorf("%s: decode reply: %w", subject, err)
	}
	return nil
}

// command sends a command and checks its ack. correlationID is what the command carries; the
// returned ack always holds it, whether or not the host echoed it.
func (c *Client) command(ctx context.Context, subject string, body any, correlationID string) (CtlOperationAck, error) {
	var ack CtlOperationAck
	if err := c.request(ctx, subject, body, &ack); err != nil {
		return CtlOperationAck{CorrelationID: correlationID}, err
	}
	ack.CorrelationID = correlationID
	if !ack.Accepted {
		return ack, &RejectedError{Subject: subject, Message: ack.Error}
	}
	return ack, nil
}

// NewCorrelationID returns a fresh correlation id. Commands sent without one get one from it.
func NewCorrelationID() string { return uuid.NewString() }

// orNew returns id, or a new correlation id when it is empty.
func orNew(id string) string {
	if id == "" {
		return NewCorrelationID()
	}
	return id
}
