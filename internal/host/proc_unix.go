//go:build unix

package host

import (
	"os/exec"
	"syscall"
)

// setProcessGroup puts a provider process in its own process group, so a Ctrl-C meant for the
// host does not reach it (the host stops it in order) and killProcess reaches its children.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killProcess sends SIGKILL to the provider's process group.
func killProcess(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		_ = cmd.Process.Kill()
	}
}
