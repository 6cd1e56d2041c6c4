package org.labctl.bastion.internal.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.labctl.bastion.internal.kickstart.Inputs;
import org.labctl.bastion.internal.kickstart.Mode;
import org.labctl.bastion.internal.kickstart.Role;
import org.labctl.bastion.internal.provision.Machine.State;

/**
 * The machines a bastion provisions and their states, kept in one file ({@code machines.txt} in
 * the bastion's data directory) so that they survive restarts: every change is written (temporary
 * file, fsync, atomic rename) before it is answered.
 *
 * <p>The life of a machine: it PXE-boots and is {@link State#DISCOVERED}; an operator assigns it
 * ({@link #install} or {@link #reprovision}); its installer fetches the kickstart
 * ({@link #kickstartServed}: {@link State#INSTALLING}); the installer calls back
 * ({@link #installed} or {@link #failed}). Changes that make no sense in the machine's state are
 * refused with a message that says what to do instead ({@link ProvisionException}).
 *
 * <p>Thread-safe: every method holds the registry's lock while it reads or writes.
 */
public final class Machines {

    static final String FILE = "machines.txt";
    private static final Pattern REASON = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern ARCHITECTURE = Pattern.compile("[a-z0-9-]{1,32}");

    private final Path file;
    private final Clock clock;
    private final Map<String, Machine> byMac = new TreeMap<>();

    private Machines(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /**
     * The registry of {@code dataDir}, read from its file when there is one.
     *
     * @throws ProvisionException when the file is not what this class writes: it names the line,
     *                            and the bastion does not start on a registry it cannot trust
     */
    public static Machines open(Path dataDir, Clock clock) throws IOException {
        Files.createDirectories(dataDir);
        Machines machines = new Machines(dataDir.resolve(FILE), clock);
        if (Files.exists(machines.file)) {
            List<String> lines = Files.readAllLines(machines.file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                try {
                    Machine machine = parse(line);
                    machines.byMac.put(machine.mac(), machine);
                } catch (RuntimeException e) {
                    throw new ProvisionException(machines.file + " line " + (i + 1) + " is not a machine (" + e.getMessage()
                            + "): fix the line, or remove it to forget that machine");
                }
            }
        }
        return machines;
    }

    /** Every machine, by MAC address. */
    public synchronized List<Machine> list() {
        return List.copyOf(byMac.values());
    }

    public synchronized Optional<Machine> get(String mac) {
        return Optional.ofNullable(byMac.get(Inputs.mac(mac)));
    }

    /**
     * A machine asked for something (DHCP, TFTP or its iPXE script): an unknown one is recorded as
     * discovered, a known one gets its last-seen time and architecture updated.
     */
    public synchronized Machine seen(String mac, String architecture) throws IOException {
        String key = Inputs.mac(mac);
        String arch = architecture == null || !ARCHITECTURE.matcher(architecture).matches() ? "unknown" : architecture;
        Instant now = clock.instant();
        Machine known = byMac.get(key);
        Machine machine = known == null
                ? new Machine(key, State.DISCOVERED, null, null, null, arch, now, now, null)
                : new Machine(key, known.state(), known.hostname(), known.role(), known.mode(),
                        "unknown".equals(arch) ? known.architecture() : arch, known.firstSeen(), now, known.failure());
        return put(machine);
    }

    /**
     * Assigns a machine for a fresh install (its disk is erased at its next network boot). A
     * machine the bastion has not seen yet may be assigned ahead of its first boot.
     */
    public synchronized Machine install(String mac, String hostname, Role role) throws IOException {
        String key = Inputs.mac(mac);
        Machine known = byMac.get(key);
        if (known != null && known.state() == State.INSTALLING) {
            throw new ProvisionException(key + " is installing now: wait for it to finish, or 'labctl provision forget " + key
                    + "' first");
        }
        if (known != null && known.state() == State.INSTALLED) {
            throw new ProvisionException(key + " is installed as " + known.hostname() + ": install would erase its disk; "
                    + "'labctl provision reprovision " + key + " " + known.hostname() + " --role " + label(known.role())
                    + "' reinstalls it and keeps /home, /srv and its data volume, or forget it first to start afresh");
        }
        return assign(key, hostname, role, Mode.INSTALL, known);
    }

    /**
     * Assigns an installed machine for a reinstall that keeps {@code /home}, {@code /srv} and the
     * role's data volume. A failed machine may be assigned again. The role cannot change: the other
     * role's volume is not there to keep.
     */
    public synchronized Machine reprovision(String mac, String hostname, Role role) throws IOException {
        String key = Inputs.mac(mac);
        Machine known = byMac.get(key);
        if (known == null || known.state() == State.DISCOVERED || known.state() == State.PENDING_INSTALL
                || known.state() == State.FAILED && known.mode() == Mode.INSTALL) {
            throw new ProvisionException(key + " has no installation of this bastion to keep data from: "
                    + "'labctl provision install " + key + " HOSTNAME --role worker|infra' installs it");
        }
        if (known.state() == State.INSTALLING) {
            throw new ProvisionException(key + " is installing now: wait for it to finish");
        }
        if (known.role() != null && role != null && known.role() != role) {
            // the reinstall keeps the role's data volume, which a machine of another role does not have: its
            // kickstart's %pre would stop the installation
            throw new ProvisionException(key + " is installed as " + known.hostname() + " with role " + label(known.role())
                    + ": a reprovision keeps that role's volumes and cannot change its role to " + label(role) + "; a fresh install erases the disk and can: 'labctl provision forget " + key + "', 'labctl delete server "
                    + known.hostname() + "', then 'labctl provision install " + key + " " + Inputs.hostname(hostname) + " --role "
                    + label(role) + "'");
        }
        return assign(key, hostname, role, Mode.REPROVISION, known);
    }

    private Machine assign(String key, String hostname, Role role, Mode mode, Machine known) throws IOException {
        String name = Inputs.hostname(hostname);
        if (role == null) {
            throw new ProvisionException("a machine needs a role: --role worker or --role infra");
        }
        for (Machine other : byMac.values()) {
            if (!other.mac().equals(key) && name.equals(other.hostname())) {
                throw new ProvisionException("hostname " + name + " belongs to " + other.mac() + " already: choose another, "
                        + "or forget that machine first");
            }
        }
        Instant now = clock.instant();
        State state = mode == Mode.INSTALL ? State.PENDING_INSTALL : State.PENDING_REPROVISION;
        return put(new Machine(key, state, name, role, mode, known == null ? "unknown" : known.architecture(),
                known == null ? now : known.firstSeen(), known == null ? now : known.lastSeen(), null));
    }

    /**
     * The installer fetched the machine's kickstart: it is installing. Only a machine waiting for
     * an installation gets one, so a machine that boots the installer again by mistake cannot
     * reinstall itself.
     */
    public synchronized Machine kickstartServed(String mac) throws IOException {
        Machine known = require(mac);
        if (known.state() != State.PENDING_INSTALL && known.state() != State.PENDING_REPROVISION) {
            throw new ProvisionException(known.mac() + " is " + known.state().label() + ", not waiting for an installation");
        }
        return put(known.with(State.INSTALLING, clock.instant()));
    }

    /** The installer reported success. */
    public synchronized Machine installed(String mac) throws IOException {
        Machine known = installing(mac, "installed");
        return put(known.with(State.INSTALLED, clock.instant()));
    }

    /**
     * The installer (or its {@code %pre} check) reported a failure.
     *
     * @param reason a short code such as {@code missing-lv-home}
     */
    public synchronized Machine failed(String mac, String reason) throws IOException {
        String code = reason == null ? "unknown" : reason.toLowerCase(Locale.ROOT);
        if (!REASON.matcher(code).matches()) {
            throw new IllegalArgumentException("a failure reason is 1 to 64 of a-z, 0-9 and '-', such as missing-lv-home");
        }
        Machine known = installing(mac, "failed");
        Machine failed = known.with(State.FAILED, clock.instant());
        return put(new Machine(failed.mac(), State.FAILED, failed.hostname(), failed.role(), failed.mode(), failed.architecture(),
                failed.firstSeen(), failed.lastSeen(), code));
    }

    /** Forgets a machine: the next time it boots it is discovered anew. */
    public synchronized boolean forget(String mac) throws IOException {
        boolean removed = byMac.remove(Inputs.mac(mac)) != null;
        if (removed) {
            save();
        }
        return removed;
    }

    /**
     * Puts back what was known of a machine before an assignment that could not be completed
     * elsewhere (labd refused its hostname): {@code before} null forgets it.
     */
    public synchronized void restore(String mac, Machine before) throws IOException {
        if (before == null) {
            forget(mac);
        } else {
            put(before);
        }
    }

    private Machine installing(String mac, String status) {
        Machine known = require(mac);
        if (known.state() != State.INSTALLING) {
            throw new ProvisionException(known.mac() + " is " + known.state().label() + ", not installing: its '" + status
                    + "' report is ignored");
        }
        return known;
    }

    private Machine require(String mac) {
        String key = Inputs.mac(mac);
        Machine known = byMac.get(key);
        if (known == null) {
            throw new ProvisionException("no machine " + key + " on this bastion: 'labctl provision list' shows them");
        }
        return known;
    }

    private Machine put(Machine machine) throws IOException {
        Machine before = byMac.put(machine.mac(), machine);
        try {
            save();
        } catch (IOException e) {
            if (before == null) {
                byMac.remove(machine.mac());
            } else {
                byMac.put(machine.mac(), before);
            }
            throw e;
        }
        return machine;
    }

    private void save() throws IOException {
        StringBuilder text = new StringBuilder("# mac state hostname role mode architecture first-seen last-seen failure\n");
        for (Machine machine : byMac.values()) {
            text.append(machine.mac()).append(' ').append(machine.state().label()).append(' ')
                    .append(orDash(machine.hostname())).append(' ').append(machine.role() == null ? "-" : label(machine.role()))
                    .append(' ').append(machine.mode() == null ? "-" : machine.mode().name().toLowerCase(Locale.ROOT))
                    .append(' ').append(machine.architecture()).append(' ').append(machine.firstSeen()).append(' ')
                    .append(machine.lastSeen()).append(' ').append(orDash(machine.failure())).append('\n');
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (var channel = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Machine parse(String line) {
        String[] f = line.trim().split(" ");
        if (f.length != 9) {
            throw new IllegalArgumentException("9 fields expected, " + f.length + " found");
        }
        return new Machine(Inputs.mac(f[0]), State.parse(f[1]), "-".equals(f[2]) ? null : Inputs.hostname(f[2]),
                "-".equals(f[3]) ? null : Role.valueOf(f[3].toUpperCase(Locale.ROOT)),
                "-".equals(f[4]) ? null : Mode.valueOf(f[4].toUpperCase(Locale.ROOT)),
                ARCHITECTURE.matcher(f[5]).matches() ? f[5] : "unknown", Instant.parse(f[6]), Instant.parse(f[7]),
                "-".equals(f[8]) ? null : f[8]);
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private static String label(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    /** A provisioning change that the machine's state or the input does not allow, with what to do instead. */
    public static final class ProvisionException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        public ProvisionException(String message) {
            super(message);
        }
    }

    /** For tests: the registry's file. */
    Path file() {
        return file;
    }
}
