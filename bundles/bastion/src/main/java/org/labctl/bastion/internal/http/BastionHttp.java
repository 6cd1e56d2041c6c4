package org.labctl.bastion.internal.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.labctl.api.Failure;
import org.labctl.bastion.internal.files.BootDirectory;
import org.labctl.bastion.internal.kickstart.BastionUrls;
import org.labctl.bastion.internal.kickstart.Kickstart;
import org.labctl.bastion.internal.kickstart.KickstartRequest;
import org.labctl.bastion.internal.provision.IpxeScript;
import org.labctl.bastion.internal.provision.Machine;
import org.labctl.bastion.internal.provision.Machines;

/**
 * The bastion's plain-HTTP endpoint for booting and installing machines (the paths of
 * {@link BastionUrls}):
 * <pre>
 * GET  /boot/MAC.ipxe          the machine's iPXE script ({@link IpxeScript}); an unknown MAC is recorded as discovered
 * GET  /boot/FILE              a file of the boot directory (kernel, initrd, iPXE binaries), confined ({@link BootDirectory})
 * GET  /ks/MAC.cfg             the kickstart of a machine waiting for an installation, with a new join token,
 *                              only to the address the machine booted from ({@link Addresses}); the machine
 *                              is then installing, and a second request gets 409
 * GET  /artifacts/lab-agent.tar.gz   the lab-agent assembly
 * POST /callback/MAC?status=installed | status=failed&amp;reason=R   the installer's report: 204
 * </pre>
 * Errors are plain text with the status of their {@link Failure} (invalid argument, permission denied
 * for a kickstart asked for from another address than the machine's, not found, conflict when the
 * machine is not in a state for it, unavailable without a join token). PXE clients cannot do TLS before they are installed, so this endpoint is HTTP; the kickstart's
 * token is one-time, bound to the MAC and to the machine's address, short-lived, and the installer
 * keeps no copy of it ({@code inst.nosave=all_ks}). A MAC in a URL is only a claim: the address a
 * request comes from is what the bastion checks against what its DHCP saw. It uses the JDK's HTTP
 * server, which both labd and the standalone bastion have.
 */
public final class BastionHttp implements Closeable {

    private static final org.labctl.bastion.internal.Log LOG = org.labctl.bastion.internal.Log.of(BastionHttp.class);

    /** Issues the one-time join token a kickstart carries, bound to the machine's MAC and address. */
    @FunctionalInterface
    public interface JoinTokens {
        /**
         * @param address the address the kickstart is served to (the machine's)
         * @throws IOException when no token can be had now (labd unreachable): the kickstart is not served
         */
        String issue(Machine machine, java.net.InetAddress address) throws IOException;
    }

    /**
     * Where the bastion saw a machine boot: the address its DHCP server leased to it (full mode), the
     * address it PXE-booted with (proxy mode), or, with DHCP off, the address that fetched its boot
     * script. A kickstart goes only to that address.
     */
    @FunctionalInterface
    public interface Addresses {
        java.util.Optional<java.net.InetAddress> bootedFrom(String mac);
    }

    /** What the bastion tells about each machine, for its log ({@code labctl logs bastion/ENV --mac M}). */
    @FunctionalInterface
    public interface Events {
        Events NONE = (mac, message) -> { };

        void event(String mac, String message);

        /**
         * Something was served to an address, such as a kernel: the bastion names the machine by the
         * address it last saw it at (DHCP, its boot script). By default the event is dropped.
         */
        default void byAddress(java.net.InetAddress client, String message) {
        }

        /** A machine asked for its boot script from this address: later downloads from it are its. */
        default void seenAt(String mac, java.net.InetAddress client) {
        }
    }

    /**
     * @param bind      where to listen
     * @param url       the bastion's URL as machines reach it (in scripts and kickstarts)
     * @param bootDir   the directory of kernels, initrds and iPXE binaries
     * @param agent     the lab-agent assembly (agent/assembly's tar.gz)
     * @param labd      labd's https URL, which the installed agent enrolls with
     * @param installer the installer's boot images and arguments
     * @param disk      the disk to install on (null: the kickstart's default)
     * @param timezone  the installed machines' time zone (null: UTC)
     * @param sshKeys   OpenSSH keys of the installed machines' admin user (may be empty)
     */
    public record Settings(InetSocketAddress bind, URI url, Path bootDir, Path agent, URI labd, IpxeScript.Installer installer,
            String disk, String timezone, List<String> sshKeys) {

        public Settings {
            sshKeys = sshKeys == null ? List.of() : List.copyOf(sshKeys);
        }
    }

    private static final Pattern SCRIPT = Pattern.compile("/boot/([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})\\.ipxe");
    private static final Pattern KICKSTART = Pattern.compile("/ks/([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})\\.cfg");
    private static final Pattern CALLBACK = Pattern.compile("/callback/([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})");

    private final Settings settings;
    private final Machines machines;
    private final JoinTokens tokens;
    private final Addresses addresses;
    private final Events events;
    private final BootDirectory boot;
    private final HttpServer server;
    private final ExecutorService executor;

    private BastionHttp(Settings settings, Machines machines, JoinTokens tokens, Addresses addresses, Events events)
            throws IOException {
        this.settings = settings;
        this.machines = machines;
        this.tokens = tokens;
        this.addresses = addresses;
        this.events = events;
        this.boot = new BootDirectory(settings.bootDir());
        this.server = HttpServer.create(settings.bind(), 64);
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread thread = new Thread(r, "bastion-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public static BastionHttp start(Settings settings, Machines machines, JoinTokens tokens, Addresses addresses, Events events)
            throws IOException {
        BastionHttp http = new BastionHttp(settings, machines, tokens, addresses, events);
        http.server.start();
        return http;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            // decoded: iPXE sends the colons of a MAC address as %3A
            String path = exchange.getRequestURI().getPath();
            boolean get = method.equals("GET") || method.equals("HEAD");
            Matcher match;
            if (get && (match = SCRIPT.matcher(path)).matches()) {
                script(exchange, match.group(1));
            } else if (get && (match = KICKSTART.matcher(path)).matches()) {
                kickstart(exchange, match.group(1));
            } else if (get && path.equals(BastionUrls.ARTIFACTS_PATH + BastionUrls.AGENT_ARTIFACT)) {
                served(exchange, BastionUrls.AGENT_ARTIFACT, file(exchange, settings.agent(), "application/gzip"));
            } else if (get && path.startsWith(BastionUrls.BOOT_PATH)) {
                bootFile(exchange, path.substring(BastionUrls.BOOT_PATH.length()));
            } else if (method.equals("POST") && (match = CALLBACK.matcher(path)).matches()) {
                callback(exchange, match.group(1));
            } else if (SCRIPT.matcher(path).matches() || KICKSTART.matcher(path).matches() || CALLBACK.matcher(path).matches()
                    || path.startsWith(BastionUrls.BOOT_PATH) || path.startsWith(BastionUrls.ARTIFACTS_PATH)) {
                text(exchange, Failure.METHOD_NOT_ALLOWED, method + " is not allowed on " + path);
            } else {
                text(exchange, Failure.NOT_FOUND, "nothing at " + path + ": see /boot/MAC.ipxe, /ks/MAC.cfg, /callback/MAC");
            }
        } catch (IllegalArgumentException e) {
            text(exchange, Failure.INVALID_ARGUMENT, e.getMessage());
        } catch (Machines.ProvisionException e) {
            text(exchange, Failure.CONFLICT, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("bastion HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
            text(exchange, Failure.INTERNAL, "the bastion failed to answer: its log has the details");
        } finally {
            exchange.close(); // after the catch clauses: they still answer on it
        }
    }

    private void script(HttpExchange exchange, String mac) throws IOException {
        Machine machine = machines.seen(mac, null);
        events.seenAt(machine.mac(), exchange.getRemoteAddress().getAddress());
        events.event(machine.mac(), "boot script: " + machine.nextBoot().name().toLowerCase(java.util.Locale.ROOT)
                + " (" + machine.state().label() + ") for " + exchange.getRemoteAddress().getAddress().getHostAddress());
        text(exchange, 200, IpxeScript.render(settings.url(), mac, machine, settings.installer()));
    }

    private void kickstart(HttpExchange exchange, String mac) throws IOException {
        Optional<Machine> known = machines.get(mac);
        if (known.isEmpty() || known.get().nextBoot() != Machine.NextBoot.INSTALL) {
            events.event(mac.toLowerCase(java.util.Locale.ROOT), "kickstart refused: "
                    + known.map(m -> m.state().label()).orElse("unknown machine"));
            text(exchange, known.isEmpty() ? Failure.NOT_FOUND : Failure.CONFLICT, "no kickstart for " + mac.toLowerCase(java.util.Locale.ROOT) + ": it is "
                    + known.map(m -> m.state().label() + ", not waiting for an installation").orElse("not known to this bastion"));
            return;
        }
        Machine machine = known.get();
        java.net.InetAddress from = exchange.getRemoteAddress().getAddress();
        Optional<java.net.InetAddress> booted = addresses.bootedFrom(machine.mac());
        if (booted.isEmpty() || !booted.get().equals(from)) {
            // someone asks for another machine's kickstart (and its join token) by naming its MAC
            String why = booted.map(address -> "the machine booted from " + address.getHostAddress())
                    .orElse("the bastion has not seen the machine boot");
            events.event(machine.mac(), "kickstart refused to " + from.getHostAddress() + ": " + why);
            LOG.warn("bastion: kickstart of {} refused to {}: {}", machine.mac(), from.getHostAddress(), why);
            text(exchange, Failure.PERMISSION_DENIED, "no kickstart for " + machine.mac() + " to " + from.getHostAddress() + ": it is served only to the "
                    + "address the bastion saw that machine boot from");
            return;
        }
        String token;
        try {
            token = tokens.issue(machine, from);
        } catch (IOException e) {
            events.event(machine.mac(), "kickstart not served: no join token (" + e.getMessage() + ")");
            text(exchange, Failure.UNAVAILABLE, "no join token can be had for " + machine.mac() + " right now; the installer may retry");
            return;
        }
        String kickstart = Kickstart.render(new KickstartRequest(machine.mac(), machine.hostname(), machine.role(), machine.mode(),
                settings.url(), settings.labd(), token, settings.disk(), settings.timezone(), settings.sshKeys()));
        machines.kickstartServed(machine.mac());
        events.event(machine.mac(), "kickstart served: " + machine.mode().name().toLowerCase(java.util.Locale.ROOT) + " of "
                + machine.hostname() + " as " + machine.role().name().toLowerCase(java.util.Locale.ROOT));
        text(exchange, 200, kickstart);
    }

    private void callback(HttpExchange exchange, String mac) throws IOException {
        Map<String, String> query = HttpQuery.parse(exchange.getRequestURI().getRawQuery());
        String status = query.get("status");
        if (machines.get(mac).isEmpty()) {
            text(exchange, Failure.NOT_FOUND, "no machine " + mac.toLowerCase(java.util.Locale.ROOT) + " on this bastion");
            return;
        }
        Machine machine;
        if (BastionUrls.STATUS_INSTALLED.equals(status)) {
            machine = machines.installed(mac);
            events.event(machine.mac(), "installed as " + machine.hostname());
        } else if (BastionUrls.STATUS_FAILED.equals(status)) {
            machine = machines.failed(mac, query.get("reason"));
            events.event(machine.mac(), "installation failed: " + machine.failure());
        } else {
            throw new IllegalArgumentException("status must be installed or failed, not " + status);
        }
        exchange.sendResponseHeaders(204, -1);
    }

    private void bootFile(HttpExchange exchange, String name) throws IOException {
        Path file;
        try {
            file = boot.resolve(name);
        } catch (BootDirectory.Refused refused) {
            text(exchange, refused.notFound() ? Failure.NOT_FOUND : Failure.PERMISSION_DENIED, refused.getMessage());
            events.byAddress(exchange.getRemoteAddress().getAddress(), "http " + name + " refused: " + refused.getMessage());
            return;
        }
        served(exchange, name, file(exchange, file, "application/octet-stream"));
    }

    private void served(HttpExchange exchange, String name, long bytes) {
        events.byAddress(exchange.getRemoteAddress().getAddress(), bytes < 0 ? "http " + name + " not found"
                : "http " + name + " " + exchange.getRequestMethod() + " " + bytes + " bytes");
    }

    /** Sends the file; returns its size, or -1 when there is none. */
    private static long file(HttpExchange exchange, Path file, String type) throws IOException {
        if (file == null || !Files.isRegularFile(file)) {
            text(exchange, Failure.NOT_FOUND, "file not found");
            return -1;
        }
        long size = Files.size(file);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : size == 0 ? -1 : size);
        if (!head && size > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
        }
        return size;
    }

    /** A failure, in plain text for iPXE, installers and curl, with its status. */
    private static void text(HttpExchange exchange, Failure failure, String body) throws IOException {
        text(exchange, failure.status(), body);
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body.endsWith("\n") ? body : body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
