package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/lattice"
)

// envClusterSeed gives the cluster seed that signs invocations.
const envClusterSeed = "TRELLIS_CLUSTER_SEED"

func newCallCmd(c *cli) *cobra.Command {
	var data, clusterSeed string
	cmd := latticeCmd(&cobra.Command{
		Use:   "call ACTOR OPERATION [--data JSON|@FILE]",
		Short: "Invoke an operation on an actor",
		Long: `Invoke OPERATION on ACTOR (a public key, a unique prefix of one, a claims name or a call alias)
somewhere in the lattice and print the reply as JSON.

--data is a JSON value (or @FILE, @- for stdin) converted to MessagePack: objects become maps,
integers the smallest MessagePack integer. For HttpServer.HandleRequest it is an HTTP request
{method, path, queryString, header, body} with body as text (default: GET /), and the reply
an HTTP response {statusCode, header, body}. Other replies are converted back to JSON, with
binary data as text when it is UTF-8 and base64 otherwise.

The call is signed like a tool's (PROTOCOL.md §2.8) with the lattice's cluster key:
--cluster-seed, $` + envClusterSeed + `, or <keys dir>/<lattice>_cluster.nk, which 'trellis up'
creates. Its origin is a one-off host key (N…) with no contract, so the actor needs no
capability to accept it, as for a call from another actor.`,
		Example: `  trellis call echo HttpServer.HandleRequest --data '{"method":"POST","path":"/","body":"hi"}'
  trellis call kvcounter HttpServer.HandleRequest
  trellis call MD3W Pingpong.Ping --data @request.json --timeout 10s`,
		Args: exactArgs(2, "an actor and an operation"),
	}, func(ctx context.Context, s *session, args []string) error {
		input, err := readData(c.in, data)
		if err != nil {
			return err
		}
		payload, err := encodeCall(args[1], input)
		if err != nil {
			return err
		}
		cluster, err := clusterKey(clusterSeed, s.lattice)
		if err != nil {
			return err
		}
		actor, err := s.resolveActor(ctx, args[0], nil)
		if err != nil {
			return err
		}
		reply, err := s.call(ctx, cluster, actor.key, args[1], payload)
		if err != nil {
			return fmt.Errorf("call %s on %s: %w", args[1], actor.label(), err)
		}
		out, err := decodeReply(args[1], reply)
		if err != nil {
			return err
		}
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, out, "", "  "); err != nil {
			return fmt.Errorf("print reply: %w", err)
		}
		_, err = fmt.Fprintf(c.out, "%s\n", pretty.Bytes())
		return err
	})
	cmd.Flags().StringVar(&data, "data", "", "the request as JSON, or @FILE to read it from a file (@- for stdin)")
	cmd.Flags().StringVar(&clusterSeed, "cluster-seed", "", "cluster seed (SC…) to sign with (env "+envClusterSeed+"; default <keys dir>/<lattice>_cluster.nk)")
	return cmd
}

// readData returns the --data value: the text itself, or the contents of @FILE (@- for in).
func readData(in io.Reader, data string) ([]byte, error) {
	name, ok := strings.CutPrefix(data, "@")
	if !ok {
		return []byte(data), nil
	}
	var b []byte
	var err error
	if name == "-" {
		b, err = io.ReadAll(in)
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, fmt.Errorf("--data: %w", err)
	}
	return b, nil
}

// clusterKey returns the key that signs calls: the seed flag, $TRELLIS_CLUSTER_SEED, or the
// lattice's cluster key file in the keys directory. Unlike trellis up it never creates a key:
// hosts would not trust a new one.
func clusterKey(seed, latticeName string) (*claims.KeyPair, error) {
	if seed == "" {
		seed = os.Getenv(envClusterSeed)
	}
	if seed != "" {
		kp, err := claims.ParseSeedAs(strings.TrimSpace(seed), claims.PrefixCluster)
		if err != nil {
			return nil, fmt.Errorf("cluster seed: %w", err)
		}
		return kp, nil
	}
	dir, err := keysDir()
	if err != nil {
		return nil, err
	}
	path := keyPath(dir, latticeName, claims.PrefixCluster)
	kp, err := readKeyFile(path, claims.PrefixCluster)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no cluster key for lattice %s at %s: run 'trellis up' on this machine first (it creates the key), or pass --cluster-seed or set %s",
			latticeName, path, envClusterSeed)
	}
	return kp, err
}

// call sends one signed invocation of op to actor and returns the reply payload.
func (s *session) call(ctx context.Context, cluster *claims.KeyPair, actor, op string, payload []byte) ([]byte, error) {
	tool, err := claims.NewKeyPair(claims.PrefixHost)
	if err != nil {
		return nil, err
	}
	signer, err := lattice.NewSigner(lattice.SignerConfig{Cluster: cluster, HostID: tool.PublicKey()})
	if err != nil {
		return nil, err
	}
	inv, err := signer.NewInvocation(lattice.Entity{PublicKey: tool.PublicKey()}, lattice.ActorEntity(actor), op, payload)
	if err != nil {
		return nil, err
	}
	js, err := jetstream.New(s.nc)
	if err != nil {
		return nil, err
	}
	chunks, err := lattice.NewChunker(js, s.lattice)
	if err != nil {
		return nil, err
	}
	client, err := lattice.NewClient(lattice.ClientConfig{Conn: s.nc, Chunker: chunks, Timeout: s.flags.timeout})
	if err != nil {
		return nil, err
	}
	_, reply, err := client.Invoke(ctx, inv, lattice.ActorSubject(s.lattice, actor))
	switch {
	case errors.Is(err, lattice.ErrNoResponders):
		return nil, fmt.Errorf("the actor does not run on any host of lattice %s (see 'trellis get inventory')", s.lattice)
	case errors.Is(err, lattice.ErrRPCTimeout):
		return nil, fmt.Errorf("no reply within %v (raise --timeout): %w", s.flags.timeout, err)
	}
	return reply, err
}
