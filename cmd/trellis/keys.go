package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/internal/claims"
)

func newKeysCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Create and manage nkeys (ed25519 identities)",
		Long: `Keys identify everything in a lattice: accounts (A…) sign claims, modules (M…) are actors,
providers (V…), hosts (N…) and clusters (C…). Saved keys live in $` + envKeysDir + `
(default ~/.trellis/keys) as <name>_<type>.nk files holding the seed.`,
		Example: `  trellis keys gen module`,
	}
	cmd.AddCommand(newKeysGenCmd(c))
	return cmd
}

// keyOutput is what keys gen prints.
type keyOutput struct {
	Type      string `json:"type"`
	PublicKey string `json:"public_key"`
	Seed      string `json:"seed"`
	Path      string `json:"path,omitempty"`
}

func newKeysGenCmd(c *cli) *cobra.Command {
	var format, save string
	var force bool
	cmd := &cobra.Command{
		Use:   "gen {account|module|provider|host|cluster|operator|user}",
		Short: "Generate a new key pair",
		Long: `Generate a new key pair and print its public key and seed. Keep the seed secret: it is the
private key. With --save NAME the seed is also written to <keys dir>/NAME_<type>.nk (mode 0600).`,
		Example: `  trellis keys gen account
  trellis keys gen module -o json
  trellis keys gen account --save acme    # writes ~/.trellis/keys/acme_account.nk`,
		Args: exactArgs(1, "one key type"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			p, err := claims.ParsePrefix(args[0])
			if err != nil {
				return err
			}
			kp, err := claims.NewKeyPair(p)
			if err != nil {
				return err
			}
			res := keyOutput{Type: p.String(), PublicKey: kp.PublicKey(), Seed: kp.Seed()}
			if save != "" {
				dir, err := keysDir()
				if err != nil {
					return err
				}
				res.Path = keyPath(dir, save, p)
				if err := saveKey(res.Path, kp, force); err != nil {
					return err
				}
			}
			return printKey(c, format, res)
		},
	}
	addFormatFlag(cmd, &format)
	cmd.Flags().StringVar(&save, "save", "", "also save the seed as NAME_<type>.nk in the keys directory")
	cmd.Flags().BoolVar(&force, "force", false, "with --save, replace an existing key file")
	return cmd
}

func printKey(c *cli, format string, k keyOutput) error {
	if format == formatJSON {
		return writeJSON(c.out, k)
	}
	fmt.Fprintf(c.out, "Public key: %s\nSeed:       %s\n", k.PublicKey, k.Seed)
	if k.Path != "" {
		fmt.Fprintf(c.out, "Saved to:   %s\n", k.Path)
	}
	return nil
}
