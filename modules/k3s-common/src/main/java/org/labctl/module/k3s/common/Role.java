package org.labctl.module.k3s.common;

/** What a k3s node is, and the names k3s's installer gives what it installs for it. */
public enum Role {
    /** A k3s server (control plane; it runs workloads too). */
    SERVER("server", "k3s", "k3s-uninstall.sh"),
    /** A k3s agent: a worker joined to a server. */
    AGENT("agent", "k3s-agent", "k3s-agent-uninstall.sh");

    private final String command;
    private final String service;
    private final String uninstallScript;

    Role(String command, String service, String uninstallScript) {
        this.command = command;
        this.service = service;
        this.uninstallScript = uninstallScript;
    }

    /** k3s's subcommand, which the installer takes as {@code INSTALL_K3S_EXEC}. */
    public String command() {
        return command;
    }

    /** The service (systemd unit or OpenRC service) the installer creates. */
    public String service() {
        return service;
    }

    /** The uninstall script the installer leaves in its bin directory. */
    public String uninstallScript() {
        return uninstallScript;
    }
}
