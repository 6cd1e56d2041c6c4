package org.labctl.module.k3s.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for k3s, which cannot run on the build machines (no systemd, no containerd, no root): shell scripts that
 * behave as the real pieces do toward the module.
 *
 * <ul>
 * <li>the <b>installer</b> checks its environment as k3s's install.sh does (INSTALL_K3S_BIN_DIR, INSTALL_K3S_EXEC
 *     {@code server} or {@code agent}, K3S_URL only with K3S_TOKEN, INSTALL_K3S_SKIP_DOWNLOAD=true only when a k3s
 *     binary is already there), records that environment and each run, writes a {@code k3s} binary (unless told to
 *     skip the download) and the uninstall script ({@code k3s-uninstall.sh} or {@code k3s-agent-uninstall.sh}) into
 *     the bin directory, and "starts" the service;</li>
 * <li>the <b>k3s binary</b> answers {@code k3s --version} and {@code k3s kubectl get node NAME -o json} with a node
 *     whose Ready condition is True, or False after {@link #nodeReady(boolean) nodeReady(false)};</li>
 * <li>the <b>service manager</b> (in place of systemctl) records each call and answers {@code is-active} with the state
 *     {@link #serviceState} set ({@code active} by default).</li>
 * </ul>
 */
public final class StandInK3s {

    private final Path state;
    private final Path bin;
    private final Path installer;
    private final Path serviceManager;
    private final Path configFile;

    private StandInK3s(Path root) throws IOException {
        this.state = Files.createDirectories(root.resolve("stand-in"));
        this.bin = root.resolve("usr/local/bin");
        this.installer = state.resolve("install.sh");
        this.serviceManager = state.resolve("systemctl");
        this.configFile = root.resolve("etc/rancher/k3s/config.yaml");
        Files.writeString(installer, INSTALLER.replace("@STATE@", state.toString()).replace("@K3S@", K3S.replace("@STATE@", state.toString())));
        Files.writeString(serviceManager, SERVICE_MANAGER.replace("@STATE@", state.toString()));
        Files.setPosixFilePermissions(serviceManager, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Writes the stand-ins under {@code root} (a test's own directory). */
    public static StandInK3s under(Path root) throws IOException {
        return new StandInK3s(root);
    }

    /** The parameters that point the module at the stand-ins and at {@code root}, with the installer's real digest. */
    public Map<String, Object> parameters() throws IOException {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("installer", installer.toString());
        parameters.put("installerSha256", Artifact.sha256(installer));
        parameters.put("binDir", bin.toString());
        parameters.put("configFile", configFile.toString());
        parameters.put("serviceManager", serviceManager.toString());
        parameters.put("timeoutSeconds", 20);
        parameters.put("healthTimeoutSeconds", 5);
        return parameters;
    }

    public Path bin() {
        return bin;
    }

    public Path configFile() {
        return configFile;
    }

    /** How many times the installer ran. */
    public int installerRuns() throws IOException {
        return lines("installer.runs").size();
    }

    /** The K3S_* and INSTALL_K3S_* variables the installer last ran with, sorted, one {@code NAME=VALUE} a line. */
    public String installerEnvironment() throws IOException {
        Path file = state.resolve("installer.env");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** The calls of the service manager, each as its arguments. */
    public List<String> serviceCalls() throws IOException {
        return lines("service.calls");
    }

    /** The services the installer started ({@code k3s}, {@code k3s-agent}), in order. */
    public List<String> installerStarts() throws IOException {
        return lines("installer.starts");
    }

    /** The uninstall scripts that ran, by the service they removed. */
    public List<String> uninstalled() throws IOException {
        return lines("uninstall.runs");
    }

    /** Whether {@code k3s kubectl get node} answers Ready True (else False, KubeletNotReady). */
    public void nodeReady(boolean ready) throws IOException {
        if (ready) {
            Files.deleteIfExists(state.resolve("not-ready"));
        } else {
            Files.writeString(state.resolve("not-ready"), "");
        }
    }

    /** What {@code is-active} prints: {@code active} (exit 0), {@code activating}, {@code failed}... (exit 3). */
    public void serviceState(String serviceState) throws IOException {
        Files.writeString(state.resolve("service.state"), serviceState + "\n");
    }

    private List<String> lines(String file) throws IOException {
        Path path = state.resolve(file);
        return Files.exists(path) ? Files.readAllLines(path) : List.of();
    }

    private static final String K3S = """
            #!/bin/sh
            # stand-in k3s binary
            case "$1" in
              --version) echo "k3s version v1.31.4+k3s1 (stand-in)" ;;
              kubectl)
                if [ "$2 $3" != "get node" ] || [ "$5 $6" != "-o json" ]; then echo "stand-in k3s: unexpected: $*" >&2; exit 2; fi
                status=True; reason=KubeletReady; message="kubelet is posting ready status"
                if [ -f "@STATE@/not-ready" ]; then status=False; reason=KubeletNotReady; message="container runtime network not ready"; fi
                printf '{"kind":"Node","metadata":{"name":"%s"},"status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"%s","reason":"%s","message":"%s"}],"nodeInfo":{"kubeletVersion":"v1.31.4+k3s1"}}}\\n' "$4" "$status" "$reason" "$message"
                ;;
              *) echo "stand-in k3s: unexpected: $*" >&2; exit 2 ;;
            esac
            """;

    private static final String INSTALLER = """
            #!/bin/sh
            # stand-in for k3s's install.sh (get.k3s.io): checks what the real one checks, installs stand-ins
            set -e
            fatal() { echo "[ERROR]  $*" >&2; exit 1; }
            STATE="@STATE@"
            env | grep -E '^(INSTALL_K3S|K3S)_' | sort > "$STATE/installer.env" || true
            echo run >> "$STATE/installer.runs"
            [ -n "$INSTALL_K3S_BIN_DIR" ] || fatal "this stand-in needs INSTALL_K3S_BIN_DIR"
            BIN="$INSTALL_K3S_BIN_DIR"
            case "$INSTALL_K3S_EXEC" in
              server) SYSTEM_NAME=k3s ;;
              agent) SYSTEM_NAME=k3s-agent ;;
              *) fatal "this stand-in needs INSTALL_K3S_EXEC server or agent, not '$INSTALL_K3S_EXEC'" ;;
            esac
            if [ -n "$K3S_URL" ] && [ -z "$K3S_TOKEN" ] && [ -z "$K3S_TOKEN_FILE" ]; then
              fatal "Defaulted k3s exec command to 'agent' because K3S_URL is defined, but K3S_TOKEN or K3S_TOKEN_FILE is not defined."
            fi
            mkdir -p "$BIN"
            if [ "$INSTALL_K3S_SKIP_DOWNLOAD" = true ]; then
              echo "[INFO]  Skipping k3s download and verify"
              [ -x "$BIN/k3s" ] || fatal "Executable k3s binary not found at $BIN/k3s"
            else
              echo "[INFO]  Installing k3s to $BIN/k3s"
              cat > "$BIN/k3s" <<'K3S'
            @K3S@K3S
              chmod 755 "$BIN/k3s"
            fi
            echo "[INFO]  Creating uninstall script $BIN/$SYSTEM_NAME-uninstall.sh"
            cat > "$BIN/$SYSTEM_NAME-uninstall.sh" <<UNINSTALL
            #!/bin/sh
            echo $SYSTEM_NAME >> "$STATE/uninstall.runs"
            rm -f "$BIN/k3s" "$BIN/$SYSTEM_NAME-uninstall.sh"
            UNINSTALL
            chmod 755 "$BIN/$SYSTEM_NAME-uninstall.sh"
            echo "[INFO]  systemd: Starting $SYSTEM_NAME"
            echo $SYSTEM_NAME >> "$STATE/installer.starts"
            """;

    private static final String SERVICE_MANAGER = """
            #!/bin/sh
            # stand-in for systemctl
            echo "$*" >> "@STATE@/service.calls"
            case "$1" in
              is-active)
                s=$(cat "@STATE@/service.state" 2>/dev/null || echo active)
                echo "$s"
                [ "$s" = active ] || exit 3
                ;;
            esac
            """;
}
