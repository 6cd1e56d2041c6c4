package org.labctl.module.k3s.common;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.labctl.api.module.ModuleContext;
import org.labctl.api.module.ModuleLog;

/**
 * The flow both k3s modules follow. {@code configure}: fetch and check the installer (and the binary, when one is
 * pinned) before anything else, write config.yaml, run the installer when what is installed changes (it creates the
 * service and starts or restarts it), else restart the service through the service manager when config.yaml changed
 * (k3s reads it only when it starts). {@code remove}: run the uninstall script the installer left. What it needs to
 * find again later (paths, service manager, node name, not the token) is kept in the module's data directory.
 */
public final class K3sNode {

    private static final String STATE_FILE = "k3s.properties";
    private static final String INSTALLER_FILE = "k3s-install.sh";
    private static final int LOGGED_OUTPUT_LINES = 40;

    private final Role role;

    public K3sNode(Role role) {
        this.role = role;
    }

    public Role role() {
        return role;
    }

    /**
     * What {@code configure} left for later calls.
     *
     * @param fingerprint what the installer last installed ({@link Settings#fingerprint()})
     */
    public record State(Path binDir, Path configFile, String serviceManager, String nodeName, Duration healthTimeout,
                        Duration timeout, String fingerprint) {

        /** The k3s binary. */
        public Path k3s() {
            return binDir.resolve("k3s");
        }
    }

    /** The state {@code configure} left, or null before the first one. */
    public State state(ModuleContext context) throws IOException {
        Path file = context.dataDirectory().resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return new State(Path.of(properties.getProperty("binDir")), Path.of(properties.getProperty("configFile")),
                properties.getProperty("serviceManager"), properties.getProperty("nodeName"),
                Duration.ofSeconds(Long.parseLong(properties.getProperty("healthTimeoutSeconds"))),
                Duration.ofSeconds(Long.parseLong(properties.getProperty("timeoutSeconds"))), properties.getProperty("fingerprint"));
    }

    public void configure(Settings settings, ModuleContext context) throws Exception {
        ModuleLog log = context.log();
        State previous = state(context);
        Path k3s = settings.binDir().resolve("k3s");
        boolean install = previous == null || !settings.fingerprint().equals(previous.fingerprint()) || !Files.isExecutable(k3s);
        Path installer = context.dataDirectory().resolve(INSTALLER_FILE);
        if (install) {
            // every artifact is checked before anything is written or run
            log.info("fetching the k3s installer from " + settings.installer());
            Artifact.fetch("installer", settings.installer(), settings.installerSha256(), installer, settings.timeout());
            log.info("installer verified: SHA-256 " + settings.installerSha256().toLowerCase(java.util.Locale.ROOT));
            if (settings.binary() != null) {
                Path download = context.dataDirectory().resolve("k3s.download");
                log.info("fetching the k3s binary from " + settings.binary());
                Artifact.fetch("binary", settings.binary(), settings.binarySha256(), download, settings.timeout());
                Files.createDirectories(settings.binDir());
                Files.setPosixFilePermissions(download, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(download, k3s, StandardCopyOption.REPLACE_EXISTING);
                log.info("installed the k3s binary " + k3s + " (SHA-256 " + settings.binarySha256() + ")");
            }
        }
        String text = ConfigFile.render(settings.config());
        boolean changed = ConfigFile.write(settings.configFile(), text);
        if (changed) {
            log.info("wrote " + settings.configFile() + " (" + String.join(", ", ConfigFile.keys(settings.config())) + ")");
        }
        if (install) {
            runInstaller(settings, installer, changed, context);
        } else if (changed) {
            List<String> restart = List.of(settings.serviceManager(), "restart", role.service());
            Command.Result result = Command.run(restart, Map.of(), context.dataDirectory(), settings.timeout(), settings.secrets());
            if (result.exitCode() != 0) {
                throw new IllegalStateException(Command.show(restart) + " failed with exit code " + result.exitCode() + ": "
                        + result.tail(5));
            }
            log.info("restarted " + role.service() + " (" + Command.show(restart) + ") to read the new configuration");
        } else {
            log.info(settings.configFile() + " is up to date; k3s " + role.command() + " left running as it is");
        }
        save(context, settings, install ? settings.fingerprint() : previous.fingerprint());
    }

    public void remove(ModuleContext context) throws Exception {
        State state = state(context);
        if (state == null) {
            context.log().info("k3s " + role.command() + " was never configured here: nothing to remove");
            return;
        }
        Path uninstall = state.binDir().resolve(role.uninstallScript());
        if (Files.isRegularFile(uninstall)) {
            List<String> command = List.of("sh", uninstall.toString());
            Command.Result result = Command.run(command, Map.of(), context.dataDirectory(), state.timeout(), List.of());
            logOutput(context.log(), "uninstall: ", result.output());
            if (result.exitCode() != 0) {
                throw new IllegalStateException(uninstall + " failed with exit code " + result.exitCode() + ": " + result.tail(5));
            }
            context.log().info("ran " + uninstall + ": k3s " + role.command() + " uninstalled");
        } else {
            context.log().warn("no " + uninstall + ": k3s " + role.command() + " seems uninstalled already");
        }
        // the real uninstall script removes /etc/rancher/k3s; a config file elsewhere holds the token: it goes too
        if (Files.deleteIfExists(state.configFile())) {
            context.log().info("removed " + state.configFile());
        }
    }

    /** Runs {@code k3s ARGS} with the state's health timeout. */
    public Command.Result k3s(State state, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(state.k3s().toString());
        command.addAll(arguments);
        return Command.run(command, Map.of(), state.binDir(), state.healthTimeout(), List.of());
    }

    /** Runs {@code SERVICE-MANAGER VERB SERVICE} with the state's health timeout. */
    public Command.Result service(State state, String verb) throws IOException, InterruptedException {
        return Command.run(List.of(state.serviceManager(), verb, role.service()), Map.of(), state.binDir(), state.healthTimeout(),
                List.of());
    }

    private void runInstaller(Settings settings, Path installer, boolean configChanged, ModuleContext context) throws Exception {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("INSTALL_K3S_EXEC", role.command());
        environment.put("INSTALL_K3S_BIN_DIR", settings.binDir().toString());
        if (settings.binary() != null) {
            environment.put("INSTALL_K3S_SKIP_DOWNLOAD", "true");
        }
        if (settings.version() != null) {
            environment.put("INSTALL_K3S_VERSION", settings.version());
        }
        if (configChanged) {
            // the installer restarts k3s only when its binary or unit changed; k3s must read the new config.yaml
            environment.put("INSTALL_K3S_FORCE_RESTART", "true");
        }
        if (!settings.configFile().equals(Settings.DEFAULT_CONFIG_FILE)) {
            // kept by the installer in the service's environment file, so that k3s reads this config file
            environment.put("K3S_CONFIG_FILE", settings.configFile().toString());
        }
        Files.createDirectories(settings.binDir());
        StringBuilder shown = new StringBuilder();
        environment.forEach((key, value) -> shown.append(key).append('=').append(value).append(' '));
        context.log().info("running the k3s installer: " + shown + "sh " + installer);
        Command.Result result = Command.run(List.of("sh", installer.toString()), environment, context.dataDirectory(),
                settings.timeout(), settings.secrets());
        logOutput(context.log(), "installer: ", result.output());
        if (result.exitCode() != 0) {
            throw new IllegalStateException("the k3s installer failed with exit code " + result.exitCode() + ": " + result.tail(5));
        }
        context.log().info("k3s " + role.command() + " installed in " + settings.binDir() + " as service " + role.service());
    }

    private static void logOutput(ModuleLog log, String prefix, String output) {
        String[] lines = output.strip().split("\n");
        for (int i = Math.max(0, lines.length - LOGGED_OUTPUT_LINES); i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                log.info(prefix + lines[i]);
            }
        }
    }

    private void save(ModuleContext context, Settings settings, String fingerprint) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("binDir", settings.binDir().toString());
        properties.setProperty("configFile", settings.configFile().toString());
        properties.setProperty("serviceManager", settings.serviceManager());
        properties.setProperty("nodeName", settings.nodeName());
        properties.setProperty("healthTimeoutSeconds", Long.toString(settings.healthTimeout().toSeconds()));
        properties.setProperty("timeoutSeconds", Long.toString(settings.timeout().toSeconds()));
        properties.setProperty("fingerprint", fingerprint);
        Path file = context.dataDirectory().resolve(STATE_FILE);
        Path temporary = file.resolveSibling(STATE_FILE + ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary)) {
            properties.store(out, "k3s " + role.command() + " as the module configured it");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
