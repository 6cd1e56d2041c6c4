package org.labctl.module.bastion;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.labctl.api.InvalidArgument;
import org.labctl.api.module.Health;
import org.labctl.api.module.Module;
import org.labctl.api.module.ModuleContext;
import org.labctl.api.module.ModuleLog;
import org.osgi.service.component.annotations.Component;

/**
 * The bastion module's agent side: labctl's standalone bastion ({@code lab-agent bastion --config DATA/bastion.cfg},
 * what {@code labctl init bastion standalone start} runs) as a systemd service. {@code configure} writes
 * {@code bastion.cfg} from the parameters and the unit that runs it, then restarts the service when either changed;
 * {@code health} asks the service manager whether it runs and the bastion's HTTP endpoint whether it answers;
 * {@code remove} stops and disables the service and deletes the unit and {@code bastion.cfg}, keeping the bastion's
 * state (machines, leases, events.log) for a later one.
 */
@Component(property = Module.PROPERTY + "=bastion")
public class BastionModule implements Module {

    static final String CONFIG_FILE = "bastion.cfg";
    private static final String STATE_FILE = "bastion.properties";
    /** bastion.cfg keys the module writes from its own parameters: extraConfig may not set them. */
    private static final List<String> OWN_KEYS = List.of("environment", "dhcp", "dhcp.address", "http.bind", "http.port",
            "dhcp.range", "tftp.port", "labd.url", "labd.identity");

    @Override
    public void install(ModuleContext context) {
        context.log().info("bastion " + context.version() + " on " + context.serverName() + ": configure writes bastion.cfg and "
                + "starts the service");
    }

    @Override
    public void configure(Map<String, Object> parameters, ModuleContext context) throws Exception {
        ModuleLog log = context.log();
        Path runtime = Path.of((String) parameters.get("runtime"));
        Path launcher = runtime.resolve("bin/lab-agent");
        if (!Files.isExecutable(launcher) || !Files.isDirectory(runtime.resolve("lib/bastion"))) {
            throw new IllegalStateException("no lab-agent with the bastion in " + runtime + " (bin/lab-agent, lib/bastion/): "
                    + "unpack lab-agent's tar.gz there, or set the parameter runtime");
        }
        Path data = Path.of((String) parameters.get("dataDir"));
        Path unit = Path.of((String) parameters.get("unitFile"));
        String service = unit.getFileName().toString().replaceFirst("\\.service$", "");
        String serviceManager = (String) parameters.get("serviceManager");
        Duration timeout = Duration.ofSeconds(((Number) parameters.get("timeoutSeconds")).longValue());
        Map<String, String> config = config(parameters);
        State previous = state(context);

        Files.createDirectories(data);
        Path configFile = data.resolve(CONFIG_FILE);
        boolean configChanged = write(configFile, render(config), "rw-------");
        if (configChanged) {
            log.info("wrote " + configFile + ": " + String.join(", ", config.keySet()));
        }
        String unitText = unit(launcher, configFile, context.name());
        boolean unitChanged = write(unit, unitText, "rw-r--r--");
        if (unitChanged) {
            log.info("wrote " + unit);
            run(log, timeout, serviceManager, "daemon-reload");
        }
        if (previous == null || !previous.unit().equals(unit)) {
            run(log, timeout, serviceManager, "enable", service);
        }
        if (configChanged || unitChanged || !active(serviceManager, service, timeout)) {
            run(log, timeout, serviceManager, "restart", service);
            log.info("bastion " + config.get("environment") + " (re)started as service " + service);
        } else {
            log.info("bastion.cfg and " + unit.getFileName() + " are up to date; service " + service + " left running");
        }
        String host = config.containsKey("http.bind") ? config.get("http.bind") : "127.0.0.1";
        save(context, new State(unit, configFile, serviceManager, URI.create("http://" + host + ":" + config.get("http.port") + "/"), timeout));
    }

    @Override
    public Health health(ModuleContext context) throws Exception {
        State state = state(context);
        if (state == null) {
            return Health.failed("not configured yet");
        }
        String service = state.service();
        Health.Check running;
        Result result = command(List.of(state.serviceManager(), "is-active", service), state.timeout());
        String said = result.output().strip();
        if (result.exitCode() == 0) {
            running = Health.Check.healthy("service", service + " is " + (said.isEmpty() ? "active" : said));
        } else if (said.equals("activating")) {
            running = Health.Check.degraded("service", service + " is activating");
        } else {
            running = Health.Check.failed("service", service + " is " + (said.isEmpty() ? "not active" : said));
        }
        return Health.of(running, http(state));
    }

    @Override
    public void remove(ModuleContext context) throws Exception {
        State state = state(context);
        if (state == null) {
            context.log().info("the bastion was never configured here: nothing to remove");
            return;
        }
        String service = state.service();
        run(context.log(), state.timeout(), state.serviceManager(), "stop", service);
        run(context.log(), state.timeout(), state.serviceManager(), "disable", service);
        if (Files.deleteIfExists(state.unit())) {
            context.log().info("removed " + state.unit());
            run(context.log(), state.timeout(), state.serviceManager(), "daemon-reload");
        }
        if (Files.deleteIfExists(state.configFile())) {
            context.log().info("removed " + state.configFile() + "; the bastion's state beside it (machines, leases, events.log) "
                    + "is kept");
        }
    }

    /** bastion.cfg's keys from the parameters (the keys of etc/org.labctl.bastion.cfg), in a fixed order. */
    static Map<String, String> config(Map<String, Object> parameters) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("environment", (String) parameters.get("environment"));
        String dhcp = (String) parameters.get("dhcp");
        String address = (String) parameters.get("address");
        if (!dhcp.equals("off") && address == null) {
            throw new InvalidArgument("address: required with dhcp " + dhcp + ": the server's IPv4 address on the provisioning "
                    + "network");
        }
        if (dhcp.equals("full") && parameters.get("dhcpRange") == null) {
            throw new InvalidArgument("dhcpRange: required with dhcp full: the addresses it leases, such as 10.0.0.100-10.0.0.199");
        }
        config.put("dhcp", dhcp);
        if (address != null) {
            config.put("dhcp.address", address);
            config.put("http.bind", address);
        }
        config.put("http.port", parameters.get("httpPort").toString());
        if (dhcp.equals("full")) {
            config.put("dhcp.range", (String) parameters.get("dhcpRange"));
        }
        if (parameters.get("tftpPort") != null) {
            config.put("tftp.port", parameters.get("tftpPort").toString());
        }
        if (parameters.get("labdUrl") != null) {
            config.put("labd.url", (String) parameters.get("labdUrl"));
        }
        if (parameters.get("agentData") != null) {
            config.put("labd.identity", (String) parameters.get("agentData"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> extra = (Map<String, Object>) parameters.getOrDefault("extraConfig", Map.of());
        new java.util.TreeMap<>(extra).forEach((key, value) -> {
            if (OWN_KEYS.contains(key)) {
                throw new InvalidArgument("extraConfig." + key + ": the module writes " + key + " from its own parameters");
            }
            config.put(key, String.valueOf(value));
        });
        for (Map.Entry<String, String> entry : config.entrySet()) {
            if (entry.getValue().chars().anyMatch(Character::isISOControl) || entry.getKey().chars().anyMatch(c -> c <= ' '
                    || c == '=' || c == ':' || c == '#' || c == '!')) {
                throw new InvalidArgument("bastion.cfg: " + entry.getKey() + " cannot be written (a control character, or a key "
                        + "with a space, '=', ':', '#' or '!')");
            }
        }
        return config;
    }

    /** The configuration file as Properties.load reads it (the bastion reads it so): {@code key = value} lines. */
    static String render(Map<String, String> config) {
        StringBuilder text = new StringBuilder("# written by labctl's bastion module: changes here are overwritten\n");
        config.forEach((key, value) -> text.append(key).append(" = ").append(value.replace("\\", "\\\\")).append('\n'));
        return text.toString();
    }

    static String unit(Path launcher, Path configFile, String module) {
        return "# written by labctl's " + module + " module: changes here are overwritten\n"
                + "[Unit]\n"
                + "Description=labctl standalone bastion (PXE provisioning)\n"
                + "Wants=network-online.target\n"
                + "After=network-online.target\n"
                + "\n"
                + "[Service]\n"
                + "ExecStart=" + launcher + " bastion --config " + configFile + "\n"
                + "Restart=on-failure\n"
                + "RestartSec=5s\n"
                + "\n"
                + "[Install]\n"
                + "WantedBy=multi-user.target\n";
    }

    private static Health.Check http(State state) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(state.timeout()).build();
        URI probe = state.url().resolve("boot/");
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(probe).timeout(state.timeout()).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            // any HTTP answer is the bastion answering (GET /boot/ of a directory is refused by design)
            return Health.Check.healthy("http", state.url() + " answers (HTTP " + response.statusCode() + " for /boot/)");
        } catch (IOException e) {
            return Health.Check.failed("http", state.url() + " does not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.Check.failed("http", "interrupted");
        }
    }

    private static boolean active(String serviceManager, String service, Duration timeout) throws IOException, InterruptedException {
        return command(List.of(serviceManager, "is-active", service), timeout).exitCode() == 0;
    }

    private static void run(ModuleLog log, Duration timeout, String... command) throws IOException, InterruptedException {
        Result result = command(List.of(command), timeout);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + result.exitCode() + ": "
                    + result.output().strip());
        }
        log.info("ran " + String.join(" ", command));
    }

    private record Result(int exitCode, String output) {
    }

    private static Result command(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            output = in.readNBytes(16 * 1024);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static boolean write(Path file, String text, String permissions) throws IOException {
        if (Files.isRegularFile(file) && Files.readString(file).equals(text)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".labctl-tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** What configure left for health and remove. */
    private record State(Path unit, Path configFile, String serviceManager, URI url, Duration timeout) {

        String service() {
            return unit.getFileName().toString().replaceFirst("\\.service$", "");
        }
    }

    private static State state(ModuleContext context) throws IOException {
        Path file = context.dataDirectory().resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return new State(Path.of(properties.getProperty("unit")), Path.of(properties.getProperty("configFile")),
                properties.getProperty("serviceManager"), URI.create(properties.getProperty("url")),
                Duration.ofSeconds(Long.parseLong(properties.getProperty("timeoutSeconds"))));
    }

    private static void save(ModuleContext context, State state) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("unit", state.unit().toString());
        values.put("configFile", state.configFile().toString());
        values.put("serviceManager", state.serviceManager());
        values.put("url", state.url().toString());
        values.put("timeoutSeconds", Long.toString(state.timeout().toSeconds()));
        StringBuilder text = new StringBuilder();
        values.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        write(context.dataDirectory().resolve(STATE_FILE), text.toString(), "rw-------");
    }
}
