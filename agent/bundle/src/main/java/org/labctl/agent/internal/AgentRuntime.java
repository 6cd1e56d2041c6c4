package org.labctl.agent.internal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * {@code lab-agent run}: the agent's minimal OSGi runtime. It starts the OSGi framework found on
 * the class path (Apache Felix), installs every bundle of the distribution's {@code lib/} (SCR, its
 * two utility bundles and the agent's own: nothing else, no shell, no remote repository) straight
 * from there, starts them, and stays in the foreground until the framework stops or the process is
 * told to. The data directory and heartbeat reach {@link AgentComponent} as framework properties.
 */
final class AgentRuntime {

    static final String DATA = "lab.agent.data";
    static final String HEARTBEAT = "lab.agent.heartbeat";
    /** The standalone bastion's configuration file (read by the bastion bundle's StandaloneBastion). */
    static final String BASTION_CONFIG = "lab.bastion.config";
    private static final String AGENT = "org.labctl.agent";
    private static final String FRAMEWORK = "org.apache.felix.framework";

    private AgentRuntime() {
    }

    /** Runs until the framework stops; the exit code says whether it stopped on an error. */
    static int run(Path data, int heartbeatSeconds, Map<String, String> settings)
            throws BundleException, IOException, InterruptedException {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put(DATA, data.toAbsolutePath().toString());
        properties.put(HEARTBEAT, Integer.toString(heartbeatSeconds));
        return start(data.resolve("runtime"), properties, bundles(lib()));
    }

    /**
     * {@code lab-agent bastion}: the standalone bastion, the bundles of lib/ and those of
     * lib/bastion/, configured by {@code config} (framework property {@value #BASTION_CONFIG}); the
     * agent's bundle only when the bastion is registered with labd ({@code agentData}, the server it
     * enrolled as), so that the agent keeps that server connected and its certificate renewed.
     * The JDK's HTTP server, which the bastion serves with, is exported by the system bundle.
     */
    static int runBastion(Path config, Path agentData, Map<String, String> agentSettings)
            throws BundleException, IOException, InterruptedException {
        Map<String, String> properties = new HashMap<>(agentSettings);
        properties.put(BASTION_CONFIG, config.toString());
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "com.sun.net.httpserver");
        if (agentData != null) {
            properties.put(DATA, agentData.toString());
            properties.put(HEARTBEAT, "10");
        }
        List<Path> bundles = new ArrayList<>();
        for (Path jar : bundles(lib())) {
            if (agentData != null || !AGENT.equals(symbolicName(jar))) {
                bundles.add(jar);
            }
        }
        bundles.addAll(bundles(lib().resolve("bastion")));
        return start(config.getParent().resolve("runtime"), properties, bundles);
    }

    private static int start(Path storage, Map<String, String> settings, List<Path> jars)
            throws BundleException, IOException, InterruptedException {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toAbsolutePath().toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path (lib/ is incomplete)"))
                .newFramework(properties);
        framework.init();
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            // reference: runs the bundle from lib/ instead of copying it into the cache
            installed.add(framework.getBundleContext().installBundle("reference:" + jar.toUri()));
        }
        framework.start();
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                framework.stop();
                framework.waitForStop(15_000);
            } catch (BundleException | InterruptedException e) {
                AgentLog.info("stopping the runtime: " + e.getMessage());
            }
        }, "lab-agent-stop"));
        FrameworkEvent stopped = framework.waitForStop(0);
        return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    /** The distribution's lib/: -Dlab.agent.home/lib (bin/lab-agent), else where this class was loaded from. */
    static Path lib() {
        String home = System.getProperty("lab.agent.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "lib");
        }
        try {
            return Path.of(AgentRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot find lab-agent's lib/ directory: set -Dlab.agent.home", e);
        }
    }

    /** Every OSGi bundle in lib/ except the framework itself, in name order. */
    static List<Path> bundles(Path lib) throws IOException {
        List<Path> bundles = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                String name = symbolicName(jar);
                if (name != null && !name.equals(FRAMEWORK)) {
                    bundles.add(jar);
                }
            }
        }
        if (bundles.isEmpty()) {
            throw new IOException("no bundles in " + lib + ": the lab-agent distribution is incomplete");
        }
        return bundles;
    }

    private static String symbolicName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            var manifest = file.getManifest();
            String name = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            return name == null ? null : name.split(";", 2)[0].trim();
        }
    }
}
