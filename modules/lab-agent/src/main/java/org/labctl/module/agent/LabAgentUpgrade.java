package org.labctl.module.agent;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.labctl.api.module.Health;
import org.labctl.api.module.Module;
import org.labctl.api.module.ModuleContext;
import org.labctl.module.k3s.common.Artifact;
import org.labctl.module.k3s.common.Command;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The lab-agent module: the agent upgrades itself. {@code configure} with a version the agent does not run fetches the
 * release's tar.gz and checks its SHA-256, unpacks it into {@code RELEASES/VERSION}, records the upgrade as pending,
 * arms a rollback ({@code systemd-run --on-active=READY_TIMEOUT}) that puts the previous drop-in back and restarts the
 * agent unless the upgrade is confirmed in time, writes the drop-in that points the unit's {@code ExecStart} at the new
 * release and asks systemd to restart the agent ({@code --no-block}: the restart stops this very process). The new
 * agent, once it has reached labd and been given its modules, calls {@code configure} again: it runs from the new
 * release ({@code lab.agent.home}, which bin/lab-agent sets to its real directory), so the upgrade is confirmed and the
 * rollback disarmed. When the rollback fires instead, it records the version as failed: configure then refuses it
 * (the module reports failed, saying why) until another version or artifact is set.
 */
@Component(property = Module.PROPERTY + "=lab-agent")
public class LabAgentUpgrade implements Module {

    /** The framework property (bin/lab-agent's -Dlab.agent.home) naming the installation the agent runs from. */
    public static final String HOME = "lab.agent.home";
    static final String ROLLBACK_UNIT = "labctl-agent-rollback";
    private static final String PENDING = "pending.properties";
    private static final String FAILED = "failed.properties";

    private final BundleContext bundleContext;

    @Activate
    public LabAgentUpgrade(BundleContext bundleContext) {
        this.bundleContext = bundleContext;
    }

    @Override
    public void install(ModuleContext context) throws Exception {
        context.log().info("lab-agent module " + context.version() + ": the agent runs from " + running());
    }

    @Override
    public void configure(Map<String, Object> parameters, ModuleContext context) throws Exception {
        String version = (String) parameters.get("version");
        String sha256 = ((String) parameters.get("artifactSha256")).toLowerCase(Locale.ROOT);
        Path releases = Path.of((String) parameters.get("releasesDir"));
        Path dropIn = Path.of((String) parameters.get("dropIn"));
        String serviceManager = (String) parameters.get("serviceManager");
        Duration timeout = Duration.ofSeconds(((Number) parameters.get("timeoutSeconds")).longValue());
        long ready = ((Number) parameters.get("readyTimeoutSeconds")).longValue();
        Path target = releases.resolve(version);
        Path running = running();
        Path data = context.dataDirectory();
        for (String name : List.of("releasesDir", "dropIn", "serviceManager", "service", "dataDir")) {
            if (parameters.get(name).toString().contains("'")) {
                throw new org.labctl.api.InvalidArgument(name + ": may not contain a single quote (it goes into the rollback script)");
            }
        }

        Properties pending = load(data.resolve(PENDING));
        if (pending != null) {
            if (running.equals(Path.of(pending.getProperty("to")))) {
                Files.delete(data.resolve(PENDING));
                command(context, timeout, serviceManager, "stop", ROLLBACK_UNIT + ".timer");
                context.log().info("lab-agent " + pending.getProperty("version") + " came back: upgrade confirmed, rollback disarmed");
                return;
            }
            context.log().info("the upgrade to " + pending.getProperty("version") + " is under way: the agent restarts");
            return;
        }
        Properties failed = load(data.resolve(FAILED));
        if (failed != null && version.equals(failed.getProperty("version")) && sha256.equals(failed.getProperty("sha256"))) {
            throw new IllegalStateException("lab-agent " + version + " did not come back within " + failed.getProperty("readySeconds")
                    + " s and was rolled back to " + failed.getProperty("from") + ": set another version or artifact");
        }
        if (running.equals(target)) {
            context.log().info("lab-agent " + version + " runs from " + target + ": nothing to do");
            return;
        }

        Path archive = data.resolve("lab-agent.tar.gz");
        context.log().info("fetching lab-agent " + version + " from " + parameters.get("artifact"));
        Artifact.fetch("artifact", (String) parameters.get("artifact"), sha256, archive, timeout);
        Path unpacked = releases.resolve(version + ".labctl-tmp");
        delete(unpacked);
        Files.createDirectories(unpacked);
        Command.Result tar = Command.run(List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString(), "--strip-components=1"),
                Map.of(), data, timeout, List.of());
        if (tar.exitCode() != 0 || !Files.isExecutable(unpacked.resolve("bin/lab-agent"))) {
            delete(unpacked);
            throw new IllegalStateException(parameters.get("artifact") + " is not lab-agent's tar.gz (no bin/lab-agent): " + tar.tail(3));
        }
        delete(target);
        Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(archive);
        context.log().info("unpacked lab-agent " + version + " (SHA-256 " + sha256 + ") into " + target);

        // what the rollback puts back: the drop-in as it is now (none: the unit's own ExecStart)
        Path previous = data.resolve("drop-in.previous");
        Files.deleteIfExists(previous);
        if (Files.exists(dropIn)) {
            Files.copy(dropIn, previous);
        }
        Properties record = new Properties();
        record.setProperty("version", version);
        record.setProperty("sha256", sha256);
        record.setProperty("from", running.toString());
        record.setProperty("to", target.toString());
        record.setProperty("readySeconds", Long.toString(ready));
        store(record, data.resolve(PENDING));
        Path rollback = data.resolve("rollback.sh");
        write(rollback, rollbackScript(data, dropIn, previous, serviceManager, (String) parameters.get("service")), "rwx------");
        try {
            command(context, timeout, (String) parameters.get("scheduler"), "--on-active=" + ready + "s", "--unit=" + ROLLBACK_UNIT,
                    "sh", rollback.toString());
        } catch (IOException | RuntimeException e) {
            Files.delete(data.resolve(PENDING)); // no rollback armed: no upgrade either
            throw e;
        }

        write(dropIn, "# written by labctl's lab-agent module: the release the agent runs\n[Service]\nExecStart=\nExecStart="
                + target.resolve("bin/lab-agent") + " run --data " + parameters.get("dataDir") + "\n", "rw-r--r--");
        command(context, timeout, serviceManager, "daemon-reload");
        command(context, timeout, serviceManager, "--no-block", "restart", (String) parameters.get("service"));
        context.log().info("lab-agent restarts on " + version + " (from " + running + "); rolled back unless it comes back within "
                + ready + " s");
    }

    @Override
    public Health health(ModuleContext context) throws Exception {
        Path data = context.dataDirectory();
        Properties pending = load(data.resolve(PENDING));
        if (pending != null) {
            return Health.degraded("upgrading to lab-agent " + pending.getProperty("version"));
        }
        Properties failed = load(data.resolve(FAILED));
        if (failed != null) {
            return Health.failed("lab-agent " + failed.getProperty("version") + " did not come back and was rolled back to "
                    + failed.getProperty("from"));
        }
        return Health.healthy("lab-agent runs from " + running());
    }

    @Override
    public void remove(ModuleContext context) {
        // the agent keeps the release it runs: removing the module stops upgrades, it does not downgrade
        context.log().info("lab-agent module removed; the agent keeps running from " + running());
    }

    private Path running() {
        String home = bundleContext.getProperty(HOME);
        if (home == null || home.isBlank()) {
            throw new IllegalStateException(HOME + " is not set: this is not lab-agent's runtime (bin/lab-agent sets it)");
        }
        return Path.of(home).toAbsolutePath().normalize();
    }

    /**
     * The rollback, run by the scheduler when the new agent did not confirm in time: the previous drop-in back (or
     * none), the pending upgrade recorded as failed, the agent restarted on its previous release.
     */
    static String rollbackScript(Path data, Path dropIn, Path previous, String serviceManager, String service) {
        return "#!/bin/sh\n"
                + "# armed by labctl's lab-agent module: rolls the agent back unless the new one confirmed in time\n"
                + "[ -f '" + data.resolve(PENDING) + "' ] || exit 0\n"
                + "if [ -f '" + previous + "' ]; then cp '" + previous + "' '" + dropIn + "'; else rm -f '" + dropIn + "'; fi\n"
                + "mv '" + data.resolve(PENDING) + "' '" + data.resolve(FAILED) + "'\n"
                + "'" + serviceManager + "' daemon-reload\n"
                + "'" + serviceManager + "' restart '" + service + "'\n";
    }

    private static void command(ModuleContext context, Duration timeout, String... command) throws IOException, InterruptedException {
        Command.Result result = Command.run(List.of(command), Map.of(), context.dataDirectory(), timeout, List.of());
        if (result.exitCode() != 0) {
            throw new IllegalStateException(Command.show(List.of(command)) + " failed with exit code " + result.exitCode() + ": "
                    + result.tail(3));
        }
        context.log().info("ran " + Command.show(List.of(command)));
    }

    private static Properties load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return properties;
    }

    private static void store(Properties properties, Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary)) {
            properties.store(out, null);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void write(Path file, String text, String permissions) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".labctl-tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
