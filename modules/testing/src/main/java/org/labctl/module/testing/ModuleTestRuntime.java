package org.labctl.module.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.felix.framework.FrameworkFactory;
import org.labctl.api.module.Health;
import org.labctl.api.module.Module;
import org.labctl.api.module.ModuleContext;
import org.labctl.api.module.ModuleLog;
import org.labctl.modules.ModuleDescriptor;
import org.labctl.modules.Parameters;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A module's agent side in a test, as lab-agent runs it: the module's directory ({@code module.yaml} and the agent
 * bundles it lists, as {@code mvn package} leaves them in {@code target/module}) is read and checked as labd checks it,
 * its bundles are installed into a real OSGi framework with the runtime lab-agent has (Apache Felix with Declarative
 * Services, Jackson, labctl's API), and the module's {@link Module} service is called the way the agent calls it: one
 * call at a time, with parameters resolved from {@code module.yaml}'s schema and defaults exactly as labd resolves them
 * (so a wrong parameter fails the test as it would fail {@code labctl modules add}).
 *
 * <pre>
 * try (ModuleTestRuntime agent = ModuleTestRuntime.start(Path.of("target/module"))) {
 *     agent.install();
 *     agent.configure(Map.of("zone", "UTC"));
 *     assertEquals(Health.Status.HEALTHY, agent.health().status());
 *     agent.remove();
 * }
 * </pre>
 *
 * What it does not do is what labctl's own tests cover: labd, the download and digest checks, the agent's state file
 * and its reports.
 */
public final class ModuleTestRuntime implements AutoCloseable {

    /** How long the module's bundles have to register their {@link Module} service. */
    public static final Duration SERVICE_WAIT = Duration.ofSeconds(30);

    private final ModuleDescriptor descriptor;
    private final Path work;
    private final Framework framework;
    private final List<Bundle> moduleBundles;
    private final Module module;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Path data;
    private String serverName = "test-server";
    private String serverRole;
    private Map<String, String> serverLabels = Map.of();

    private ModuleTestRuntime(ModuleDescriptor descriptor, Path work, Framework framework, List<Bundle> moduleBundles,
                              Module module) throws IOException {
        this.descriptor = descriptor;
        this.work = work;
        this.framework = framework;
        this.moduleBundles = moduleBundles;
        this.module = module;
        this.data = Files.createDirectories(work.resolve("data").resolve(descriptor.name()));
    }

    /**
     * Reads the module's directory, starts the runtime, installs and starts the module's agent bundles in the order
     * {@code module.yaml} lists them and waits for the {@link Module} service named as the module.
     *
     * @throws IllegalArgumentException when module.yaml is refused (with labd's message) or names a missing file
     * @throws IllegalStateException    when a bundle does not resolve or no Module service comes
     */
    public static ModuleTestRuntime start(Path moduleDirectory) throws Exception {
        ModuleDescriptor descriptor = ModuleDescriptor.read(moduleDirectory.resolve(ModuleDescriptor.FILE));
        if (descriptor.agentBundles().isEmpty()) {
            throw new IllegalArgumentException("module " + descriptor.name() + " has no agent bundles (agent.bundles in module.yaml)");
        }
        Path work = Files.createTempDirectory("labctl-module-" + descriptor.name() + "-");
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, work.resolve("runtime").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // labctl's API comes from this class path, so that the test and the module share its classes
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, apiExports());
        Framework framework = new FrameworkFactory().newFramework(properties);
        framework.start();
        try {
            List<Bundle> runtime = new ArrayList<>();
            for (String className : RUNTIME) {
                runtime.add(framework.getBundleContext().installBundle(jarOf(className).toUri().toString()));
            }
            for (Bundle bundle : runtime) {
                if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    bundle.start();
                }
            }
            List<Bundle> bundles = new ArrayList<>();
            for (String file : descriptor.agentBundles()) {
                Path jar = moduleDirectory.resolve(file);
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalArgumentException("module.yaml lists " + file + ", which is not in " + moduleDirectory);
                }
                try (InputStream in = Files.newInputStream(jar)) {
                    bundles.add(framework.getBundleContext().installBundle(
                            "labctl-module:" + descriptor.name() + "/" + descriptor.version() + "/" + file, in));
                }
            }
            for (Bundle bundle : bundles) {
                try {
                    bundle.start();
                } catch (BundleException e) {
                    throw new IllegalStateException(bundle.getLocation() + " does not start: " + e.getMessage(), e);
                }
            }
            Module module = await(framework, descriptor.name());
            return new ModuleTestRuntime(descriptor, work, framework, bundles, module);
        } catch (Exception | Error e) {
            stop(framework);
            delete(work);
            throw e;
        }
    }

    /** The server the module is told it runs on (default {@code test-server}, no role, no labels). */
    public ModuleTestRuntime server(String name, String role, Map<String, String> labels) {
        this.serverName = name;
        this.serverRole = role;
        this.serverLabels = Map.copyOf(labels);
        return this;
    }

    public void install() throws Exception {
        module.install(context());
    }

    /**
     * Resolves the values (and {@code NAME=VALUE} assignments, as {@code --set} takes them) against module.yaml as
     * labd does, then calls {@code configure} with the result, which it returns.
     *
     * @throws org.labctl.api.InvalidArgument when labd would refuse the values
     */
    public Map<String, Object> configure(Map<String, ?> values, String... assignments) throws Exception {
        Map<String, Object> resolved = Collections.unmodifiableMap(new LinkedHashMap<>(
                Parameters.of(descriptor).resolve(values, List.of(assignments))));
        module.configure(resolved, context());
        return resolved;
    }

    public Health health() throws Exception {
        return module.health(context());
    }

    /** Calls {@code remove}, then deletes the module's data directory and uninstalls its bundles, as the agent does. */
    public void remove() throws Exception {
        module.remove(context());
        delete(data);
        for (Bundle bundle : moduleBundles) {
            bundle.uninstall();
        }
    }

    public ModuleDescriptor descriptor() {
        return descriptor;
    }

    /** The module's data directory ({@link ModuleContext#dataDirectory()}), deleted by {@link #remove()}. */
    public Path dataDirectory() {
        return data;
    }

    /** A directory of this runtime's own, deleted at {@link #close()}: for files a test hands the module. */
    public Path workDirectory() {
        return work;
    }

    /** What the module wrote to its log, each line as {@code LEVEL text}. */
    public List<String> log() {
        return List.copyOf(log);
    }

    /** The module's bundles as installed (their state tells whether they still are). */
    public List<Bundle> bundles() {
        return List.copyOf(moduleBundles);
    }

    @Override
    public void close() {
        stop(framework);
        delete(work);
    }

    private ModuleContext context() {
        String version = descriptor.version().toString();
        String name = descriptor.name();
        String server = serverName;
        String role = serverRole;
        Map<String, String> labels = serverLabels;
        ModuleLog moduleLog = new ModuleLog() {
            @Override
            public void info(String line) {
                record("INFO", line);
            }

            @Override
            public void warn(String line) {
                record("WARN", line);
            }

            @Override
            public void error(String line) {
                record("ERROR", line);
            }

            @Override
            public void error(String line, Throwable cause) {
                record("ERROR", line + ": " + cause);
            }
        };
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModuleContext() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String version() {
                return version;
            }

            @Override
            public Path dataDirectory() {
                return data;
            }

            @Override
            public String serverName() {
                return server;
            }

            @Override
            public String serverRole() {
                return role;
            }

            @Override
            public Map<String, String> serverLabels() {
                return labels;
            }

            @Override
            public ModuleLog log() {
                return moduleLog;
            }
        };
    }

    private void record(String level, String line) {
        log.add(level + " " + line);
        System.out.println("module " + descriptor.name() + ": " + level + " " + line);
    }

    /** The bundles of lab-agent's runtime a module may use, each named by a class it holds. */
    private static final List<String> RUNTIME = List.of(
            "org.osgi.util.function.Function",
            "org.osgi.util.promise.Promise",
            "org.osgi.service.component.ComponentContext",
            "org.apache.felix.scr.impl.Activator",
            "com.fasterxml.jackson.annotation.JsonProperty",
            "com.fasterxml.jackson.core.JsonParser",
            "com.fasterxml.jackson.databind.ObjectMapper");

    private static Path jarOf(String className) throws ClassNotFoundException, URISyntaxException {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The packages org.labctl.api exports, with their versions, from its manifest. */
    static String apiExports() throws Exception {
        Path api = jarOf(Module.class.getName());
        Manifest manifest;
        if (Files.isDirectory(api)) {
            try (InputStream in = Files.newInputStream(api.resolve("META-INF/MANIFEST.MF"))) {
                manifest = new Manifest(in);
            }
        } else {
            try (JarFile jar = new JarFile(api.toFile())) {
                manifest = jar.getManifest();
            }
        }
        String exports = manifest.getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        if (exports == null) {
            throw new IllegalStateException(api + " exports no packages: not labctl's API bundle");
        }
        List<String> packages = new ArrayList<>();
        for (String clause : clauses(exports)) {
            String[] parts = clause.split(";");
            String version = "0.0.0";
            for (String part : parts) {
                String attribute = part.trim();
                if (attribute.startsWith("version=")) {
                    version = attribute.substring("version=".length()).replace("\"", "");
                }
            }
            packages.add(parts[0].trim() + ";version=" + version);
        }
        return String.join(",", packages);
    }

    /** The clauses of a manifest header: split at commas outside quotes. */
    static List<String> clauses(String header) {
        List<String> clauses = new ArrayList<>();
        StringBuilder clause = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(clause.toString());
                clause.setLength(0);
            } else {
                clause.append(c);
            }
        }
        if (!clause.isEmpty()) {
            clauses.add(clause.toString());
        }
        return clauses;
    }

    private static Module await(Framework framework, String name) throws InterruptedException, InvalidSyntaxException {
        String filter = "(&(" + Constants.OBJECTCLASS + "=" + Module.class.getName() + ")(" + Module.PROPERTY + "=" + name + "))";
        ServiceTracker<Module, Module> tracker = new ServiceTracker<>(framework.getBundleContext(),
                framework.getBundleContext().createFilter(filter), null);
        tracker.open();
        Module module = tracker.waitForService(SERVICE_WAIT.toMillis());
        if (module == null) {
            tracker.close();
            throw new IllegalStateException("no bundle of module " + name + " registered a " + Module.class.getName()
                    + " service with " + Module.PROPERTY + "=" + name + " within " + SERVICE_WAIT.toSeconds() + " s");
        }
        return module;
    }

    private static void stop(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(30_000);
        } catch (BundleException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
