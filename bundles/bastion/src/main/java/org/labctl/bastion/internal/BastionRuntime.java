package org.labctl.bastion.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.labctl.api.BastionAssigned;
import org.labctl.api.BastionInfo;
import org.labctl.api.Conflict;
import org.labctl.api.InvalidArgument;
import org.labctl.api.MachineInfo;
import org.labctl.api.NotFoundException;
import org.labctl.api.ProvisionRequest;
import org.labctl.api.Unavailable;
import org.labctl.bastion.Bastion;
import org.labctl.bastion.BastionFleet;
import org.labctl.bastion.internal.dhcp.DhcpEvent;
import org.labctl.bastion.internal.dhcp.DhcpServer;
import org.labctl.bastion.internal.http.BastionHttp;
import org.labctl.bastion.internal.kickstart.Inputs;
import org.labctl.bastion.internal.kickstart.Mode;
import org.labctl.bastion.internal.kickstart.Role;
import org.labctl.bastion.internal.provision.Machine;
import org.labctl.bastion.internal.provision.Machines;
import org.labctl.bastion.internal.tftp.TftpEvent;
import org.labctl.bastion.internal.tftp.TftpServer;
import org.labctl.bastion.internal.tftp.TftpSettings;

/**
 * One running bastion: its machines, its log, and its HTTP, TFTP and DHCP servers, started from a
 * {@link BastionConfig}. labd's component and the standalone runtime both run this class; what
 * differs is the {@link BastionFleet}: labd itself, or a standalone bastion's link to it.
 *
 * <p>Every event of a machine goes to its {@link EventLog}, named by MAC address: DHCP events
 * carry it, and TFTP and HTTP file downloads are named by the address the machine was last seen
 * at (its lease, or the address it fetched its boot script from).
 */
public final class BastionRuntime implements Bastion, Closeable {

    private static final org.labctl.bastion.internal.Log LOG = org.labctl.bastion.internal.Log.of(BastionRuntime.class);

    private final BastionConfig config;
    private final Machines machines;
    private final EventLog log;
    private final BastionFleet fleet;
    private final Map<InetAddress, String> macByAddress = new ConcurrentHashMap<>();
    /** With DHCP off: the address each machine last fetched its boot script from. */
    private final Map<String, InetAddress> scriptAddresses = new ConcurrentHashMap<>();
    private final List<Closeable> servers = new ArrayList<>();
    private BastionHttp http;
    private TftpServer tftp;
    private volatile DhcpServer dhcp;

    private BastionRuntime(BastionConfig config, BastionFleet fleet, Clock clock) throws IOException {
        this.config = config;
        this.fleet = fleet;
        Files.createDirectories(config.bootDir());
        this.machines = Machines.open(config.data(), clock);
        this.log = EventLog.open(config.data(), clock);
        for (String copied : BootFiles.ipxe(config.bootDir(), config.ipxeDir())) {
            log.event(null, "boot file " + copied + " copied from " + config.ipxeDir());
        }
    }

    /** Starts every server the configuration asks for; closes what started when one cannot. */
    public static BastionRuntime start(BastionConfig config, BastionFleet fleet, Clock clock) throws IOException {
        BastionRuntime runtime = new BastionRuntime(config, fleet, clock);
        try {
            runtime.http = BastionHttp.start(config.http(), runtime.machines, (machine, address) -> fleet.joinToken(
                    config.environment(), machine.mac(), config.enrollmentAddress(address), machine.hostname(), label(machine.role())),
                    runtime::bootedFrom, runtime.new HttpEvents());
            runtime.servers.add(runtime.http);
            if (config.tftp() != null) {
                runtime.tftp = TftpServer.start(config.bootDir(), config.tftp(), TftpSettings.defaults(), runtime::tftpEvent);
                runtime.servers.add(runtime.tftp);
            }
            if (config.dhcp() != null) {
                runtime.dhcp = DhcpServer.start(config.dhcp(), runtime::dhcpEvent);
                runtime.servers.add(runtime.dhcp);
            }
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
        runtime.log.event(null, "bastion started: " + config.describe());
        return runtime;
    }

    public BastionConfig config() {
        return config;
    }

    /** Where the HTTP endpoint listens (its port when the configuration said 0). */
    public java.net.InetSocketAddress httpAddress() {
        return http.address();
    }

    public EventLog log() {
        return log;
    }

    @Override
    public String environment() {
        return config.environment();
    }

    @Override
    public BastionInfo info() {
        return new BastionInfo(BastionConfig.CLOUD, config.environment(), config.http().url().toString(),
                config.dhcp() == null ? "off" : config.dhcp().mode().name().toLowerCase(Locale.ROOT),
                tftp == null ? null : tftp.localAddress().getAddress().getHostAddress() + ":" + tftp.port(), machines.list().size());
    }

    @Override
    public List<MachineInfo> machines() {
        return machines.list().stream().map(this::info).toList();
    }

    @Override
    public MachineInfo provision(String mac, ProvisionRequest request, String by) {
        if (request == null) {
            throw new InvalidArgument("a body is required: {\"hostname\": \"web-1\", \"role\": \"worker\", \"mode\": \"install\"}");
        }
        String key = macOf(mac);
        Role role = parse(Role.class, "role", request.role(), "worker or infra");
        Mode mode = parse(Mode.class, "mode", request.mode() == null ? "install" : request.mode(), "install or reprovision");
        try {
            String hostname = Inputs.hostname(request.hostname());
            Machine before = machines.get(key).orElse(null);
            String previous = mode == Mode.REPROVISION && before != null ? before.hostname() : null;
            String what = (mode == Mode.INSTALL ? "install" : "reprovision") + " of " + hostname;
            Machine machine;
            try {
                machine = mode == Mode.INSTALL ? machines.install(key, hostname, role) : machines.reprovision(key, hostname, role);
            } catch (Machines.ProvisionException e) {
                log.event(key, what + " as " + label(role) + " refused (requested by " + by + "): " + e.getMessage());
                throw e;
            }
            BastionAssigned done;
            try {
                done = fleet.assigning(config.environment(), key, hostname, previous, by);
            } catch (RuntimeException e) {
                machines.restore(key, before);
                log.event(key, what + " refused: " + e.getMessage());
                throw e;
            }
            log.event(key, what + " as " + label(role) + " requested by " + by + outcome(done, previous));
            return info(machine);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument(e.getMessage());
        } catch (Machines.ProvisionException e) {
            throw new Conflict(e.getMessage());
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    @Override
    public MachineInfo forget(String mac, String by) {
        String key = macOf(mac);
        Machine known = machines.get(key).orElseThrow(() -> new NotFoundException("machine " + key + " is not known to the bastion of "
                + config.environment() + ": 'labctl provision list' shows the ones it knows"));
        int revoked;
        try {
            revoked = fleet.forgetting(config.environment(), key, by);
        } catch (RuntimeException e) {
            // a kickstart token left active would outlive the machine: forget it once labd can revoke them
            log.event(key, "forget refused: its kickstart tokens cannot be revoked: " + e.getMessage());
            throw e;
        }
        try {
            machines.forget(key);
        } catch (IOException e) {
            throw unavailable(e);
        }
        log.event(key, "forgotten by " + by + (revoked == 0 ? "" : "; " + revoked + " unused kickstart token(s) revoked"));
        return info(known);
    }

    @Override
    public List<String> events(String mac, int lines) {
        try {
            return log.tail(mac == null ? null : macOf(mac), lines);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    @Override
    public long eventsEnd() {
        return log.end();
    }

    @Override
    public long events(long offset, String mac, List<String> into) {
        try {
            return log.read(offset, mac == null ? null : macOf(mac), into);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("stopping the bastion: {}", e.toString());
            }
        }
        servers.clear();
        try {
            log.event(null, "bastion stopped");
            log.close();
        } catch (IOException e) {
            LOG.warn("closing the bastion's log: {}", e.toString());
        }
    }

    private void dhcpEvent(DhcpEvent event) {
        log.event(event.mac(), "dhcp " + event.line());
        if (event.outcome() == DhcpEvent.Outcome.REPLIED && !event.mac().isEmpty()) {
            if (event.address() != null) {
                macByAddress.put(event.address(), event.mac());
            }
            if (!event.architecture().isEmpty()) {
                try {
                    machines.seen(event.mac(), event.architecture());
                } catch (IOException | RuntimeException e) {
                    LOG.warn("cannot record machine {}: {}", event.mac(), e.toString());
                }
            }
        }
    }

    private void tftpEvent(TftpEvent event) {
        String mac = macByAddress.getOrDefault(event.client().getAddress(), null);
        log.event(mac, "tftp " + event.outcome() + " " + event.filename() + " " + event.bytes() + " bytes in "
                + event.duration().toMillis() + " ms to " + event.client().getAddress().getHostAddress()
                + (event.detail().isEmpty() ? "" : " (" + event.detail() + ")"));
    }

    private MachineInfo info(Machine machine) {
        return new MachineInfo(config.environment(), machine.mac(), machine.state().label(), machine.hostname(),
                machine.role() == null ? null : label(machine.role()),
                machine.mode() == null ? null : machine.mode().name().toLowerCase(Locale.ROOT), machine.architecture(),
                String.valueOf(machine.firstSeen()), String.valueOf(machine.lastSeen()), machine.failure());
    }

    /** What labd did for an assignment, as the log says it: only what happened. */
    private static String outcome(BastionAssigned done, String previous) {
        StringBuilder line = new StringBuilder();
        if (done != null && done.deleted() != null) {
            line.append("; server ").append(done.deleted()).append(" deleted, its agent certificate revoked");
        } else if (previous != null) {
            line.append("; no server ").append(previous).append(" was enrolled in this environment, none deleted");
        }
        if (done != null && done.tokensRevoked() > 0) {
            line.append("; ").append(done.tokensRevoked()).append(" unused kickstart token(s) revoked");
        }
        return line.toString();
    }

    /** Where the machine booted from: its DHCP lease or PXE request, or with DHCP off where it fetched its boot script. */
    private java.util.Optional<InetAddress> bootedFrom(String mac) {
        if (config.dhcp() != null) {
            DhcpServer server = dhcp; // null while it starts: nothing seen yet
            return server == null ? java.util.Optional.empty() : server.clientAddress(mac).map(InetAddress.class::cast);
        }
        return java.util.Optional.ofNullable(scriptAddresses.get(mac));
    }

    private static String macOf(String mac) {
        try {
            return Inputs.mac(mac);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument(e.getMessage());
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value, String accepted) {
        if (value != null) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(value)) {
                    return constant;
                }
            }
        }
        throw new InvalidArgument(field + " must be " + accepted + (value == null ? "" : ", not \"" + value.substring(0, Math.min(value.length(), 40)) + "\""));
    }

    private static String label(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private Unavailable unavailable(IOException e) {
        LOG.warn("bastion {}: {}", config.environment(), e.toString());
        return new Unavailable("the bastion of " + config.environment() + " cannot write its state in " + config.data()
                + ": its log has the details");
    }

    /** HTTP events, with the address each machine fetched its script from remembered for its later downloads. */
    private final class HttpEvents implements BastionHttp.Events {

        @Override
        public void event(String mac, String message) {
            log.event(mac, "http " + message);
        }

        @Override
        public void seenAt(String mac, InetAddress client) {
            macByAddress.put(client, mac);
            scriptAddresses.put(mac, client);
        }

        @Override
        public void byAddress(InetAddress client, String message) {
            log.event(macByAddress.get(client), message + " to " + client.getHostAddress());
        }
    }
}
