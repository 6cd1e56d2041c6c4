package org.labctl.agent.modules.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labctl.agent.modules.internal.FakeLabd.parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.agent.modules.internal.FakeLabd.File;
import org.labctl.api.module.ArtifactDigest;
import org.labctl.api.module.Module;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The modules runtime in a real Felix framework (as lab-agent runs it), with real bundles built in the
 * test ({@link TestBundles}: a {@link Module} that writes what it is asked to marker files) and labd's
 * modules API served over HTTP ({@link FakeLabd}).
 */
class ModuleRuntimeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Path data;
    private Path markers;
    private FakeLabd labd;
    private Framework framework;
    private ModuleRuntime runtime;
    private final List<String> agentLog = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        markers = Files.createDirectories(dir.resolve("markers"));
        labd = new FakeLabd();
        framework = felix();
        runtime = runtime();
    }

    @AfterEach
    void stop() throws Exception {
        runtime.close();
        framework.stop();
        framework.waitForStop(DEADLINE.toMillis());
        labd.close();
    }

    @Test
    void aModuleIsDownloadedVerifiedInstalledConfiguredAndReady() throws Exception {
        byte[] jar = TestBundles.module("alpha", "1.0.0");
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", parameters("greeting", "hello"), File.of("alpha-1.0.0.jar", jar)));

        applyLabd();

        Map<String, Object> alpha = status("alpha");
        assertEquals("1.0.0", alpha.get("version"));
        assertEquals("ready", alpha.get("state"), alpha.toString());
        assertNull(alpha.get("error"));
        assertEquals(Map.of("status", "HEALTHY", "message", "1 check passed",
                "checks", List.of(Map.of("name", "marker", "status", "HEALTHY", "message", "version 1.0.0"))), alpha.get("health"));
        assertFalse(Instant.parse((String) alpha.get("since")).isAfter(Instant.now()));
        assertEquals(List.of("install 1.0.0", "configure 1.0.0", "health 1.0.0"), events("alpha"));

        Bundle bundle = bundle("labctl-module:alpha/1.0.0/alpha-1.0.0.jar");
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertArrayEquals(jar, Files.readAllBytes(data.resolve("modules/alpha/1.0.0/alpha-1.0.0.jar")));
        assertEquals("1.0.0", Files.readString(data.resolve("modules/alpha/data/installed-by")), "install ran in the module's data directory");
        String log = Files.readString(data.resolve("modules/alpha/module.log"));
        assertTrue(log.matches("(?s)\\d{4}-\\d\\d-\\d\\dT[^ ]+Z INFO installing alpha 1\\.0\\.0\n.*"), log);
        assertTrue(log.contains(" INFO installed alpha 1.0.0\n"), "what the module wrote to its log: " + log);
        assertTrue(log.contains(" INFO alpha 1.0.0 is ready; health HEALTHY: 1 check passed\n"), log);
        assertTrue(agentLog.contains("module alpha: INFO installed alpha 1.0.0"), "and to the agent's log: " + agentLog);
        assertTrue(Files.readString(data.resolve("modules/state.json")).contains("\"alpha-1.0.0.jar\""));

        applyLabd();
        assertEquals(List.of("install 1.0.0", "configure 1.0.0", "health 1.0.0"), events("alpha"), "a ready module is left alone");
        assertEquals(1, labd.downloads.get(), "and its file is not fetched again");
    }

    @Test
    void parametersReachConfigureWithTheDocumentedJavaTypesAndAChangeCallsOnlyConfigure() throws Exception {
        Map<String, Object> parameters = parameters("name", "chrony", "port", 123, "ratio", 2.5, "whole", 2.0, "enabled", true,
                "list", List.of(1, 2), "map", Map.of("k", "v"));
        byte[] jar = TestBundles.module("alpha", "1.0.0");
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", parameters, File.of("alpha-1.0.0.jar", jar)));

        applyLabd();

        List<String> types = FakeLabd.lines(Files.readString(markers.resolve("alpha.parameters")));
        assertTrue(types.contains("name=chrony java.lang.String"), types.toString());
        assertTrue(types.contains("port=123 java.lang.Long"), "a string integer is a Long: " + types);
        assertTrue(types.contains("ratio=2.5 java.lang.Double"), types.toString());
        assertTrue(types.contains("whole=2.0 java.lang.Double"), "a number stays a Double: " + types);
        assertTrue(types.contains("enabled=true java.lang.Boolean"), types.toString());
        assertTrue(types.stream().anyMatch(t -> t.startsWith("list=[1, 2] java.util.")), types.toString());
        assertTrue(types.contains("list element java.lang.Long"), types.toString());
        assertTrue(types.stream().anyMatch(t -> t.startsWith("map={k=v} java.util.")), types.toString());
        assertTrue(types.contains("parameters are unmodifiable"), types.toString());
        assertTrue(types.contains("server web-1 role web labels {tier=gold}"), "the server as labd describes it: " + types);

        Map<String, Object> changed = new HashMap<>(parameters);
        changed.put("name", "ntpd");
        labd.serve("g2", FakeLabd.Module.of("alpha", "1.0.0", changed, File.of("alpha-1.0.0.jar", jar)));
        applyLabd();

        assertEquals(List.of("install 1.0.0", "configure 1.0.0", "health 1.0.0", "configure 1.0.0", "health 1.0.0"), events("alpha"));
        assertTrue(Files.readString(markers.resolve("alpha.parameters")).contains("name=ntpd java.lang.String"));
        assertEquals("ready", status("alpha").get("state"));
        assertEquals(1, labd.downloads.get());
    }

    @Test
    void aFileWhoseDigestIsNotThePinnedOneFailsTheModuleAndNothingIsInstalled() throws Exception {
        byte[] jar = TestBundles.module("alpha", "1.0.0");
        String pinned = ArtifactDigest.sha256("the file labd pinned".getBytes(StandardCharsets.UTF_8));
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", Map.of(), new File("alpha-1.0.0.jar", jar, pinned)));

        applyLabd();

        Map<String, Object> alpha = status("alpha");
        assertEquals("failed", alpha.get("state"));
        String error = (String) alpha.get("error");
        assertTrue(error.contains("alpha-1.0.0.jar") && error.contains("expected " + pinned) && error.contains(ArtifactDigest.sha256(jar)),
                "names the file, the pinned and the actual digest: " + error);
        assertEquals(List.of(), moduleBundles(), "nothing installed");
        assertFalse(Files.exists(data.resolve("modules/alpha/1.0.0/alpha-1.0.0.jar")), "nor kept");
        assertFalse(Files.exists(markers.resolve("alpha.events")), "no call made");
        assertTrue(Files.readString(data.resolve("modules/alpha/module.log")).contains(" ERROR cannot download alpha-1.0.0.jar"));
    }

    @Test
    void aBundleThatDoesNotResolveFailsWithTheMissingPackageInWords() throws Exception {
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", Map.of(), File.of("alpha-1.0.0.jar", TestBundles.module("alpha", "1.0.0", "org.foo"))));

        applyLabd();

        Map<String, Object> alpha = status("alpha");
        assertEquals("failed", alpha.get("state"));
        assertEquals("alpha-1.0.0.jar does not resolve: missing requirement: package org.foo", alpha.get("error"));
        assertEquals(List.of(), moduleBundles(), "the bundles of a module that does not load are uninstalled again");
    }

    @Test
    void aRequirementMissingFurtherDownIsNamedWithTheBundleThatLacksIt() throws Exception {
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", Map.of(),
                File.of("alpha-1.0.0.jar", TestBundles.module("alpha", "1.0.0", "org.labctl.test.lib;version=\"[1.0,2)\"")),
                File.of("lib-1.0.0.jar", TestBundles.library("test.lib", "1.0.0", "org.labctl.test.lib;version=1.0.0", "org.foo"))));

        applyLabd();

        assertEquals("alpha-1.0.0.jar does not resolve: missing requirement: package org.foo (of bundle test.lib, which it needs)",
                status("alpha").get("error"));
        assertEquals(List.of(), moduleBundles());
    }

    @Test
    void aModuleWhoseBundlesRegisterNoModuleServiceFailsAfterABoundedWait() throws Exception {
        runtime.close();
        runtime = new ModuleRuntime(framework.getBundleContext(), ModulePlaces.of(data), new LabdClient(labd.identity()), "web-1",
                new ModuleRuntime.Settings(Duration.ofSeconds(1), Duration.ofMinutes(2)), agentLog::add, Clock.systemUTC());
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", Map.of(),
                File.of("alpha-1.0.0.jar", TestBundles.library("test.alpha", "1.0.0", "org.labctl.test.alpha;version=1.0.0"))));

        applyLabd();

        assertEquals("failed", status("alpha").get("state"));
        assertEquals("none of its bundles registered a Module service with labctl.module=alpha within 1 s (does its component start? "
                + "is the name in module.yaml the one it registers?)", status("alpha").get("error"));
        assertEquals(List.of(), moduleBundles());
    }

    @Test
    void anExceptionInConfigureFailsThatModuleAndLeavesTheOthersRunning() throws Exception {
        byte[] alphaJar = TestBundles.module("alpha", "1.0.0");
        File beta = File.of("beta-1.0.0.jar", TestBundles.module("beta", "1.0.0"));
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", parameters("fail", "disk /var is full"), File.of("alpha-1.0.0.jar", alphaJar)),
                FakeLabd.Module.of("beta", "1.0.0", Map.of(), beta));

        applyLabd();

        Map<String, Object> alpha = status("alpha");
        assertEquals("failed", alpha.get("state"));
        assertEquals("configure failed: disk /var is full", alpha.get("error"));
        assertEquals("ready", status("beta").get("state"));
        assertEquals(Bundle.ACTIVE, bundle("labctl-module:alpha/1.0.0/alpha-1.0.0.jar").getState(),
                "its bundles stay, for another try or its remove");
        assertTrue(Files.readString(data.resolve("modules/alpha/module.log")).contains(" ERROR configure failed: disk /var is full\n"));

        labd.serve("g2", FakeLabd.Module.of("alpha", "1.0.0", Map.of(), File.of("alpha-1.0.0.jar", alphaJar)),
                FakeLabd.Module.of("beta", "1.0.0", Map.of(), beta));
        applyLabd();

        assertEquals("ready", status("alpha").get("state"));
        assertEquals(List.of("install 1.0.0", "configure 1.0.0", "install 1.0.0", "configure 1.0.0", "health 1.0.0"), events("alpha"),
                "after a failure, install and configure run again");
        assertEquals(List.of("install 1.0.0", "configure 1.0.0", "health 1.0.0"), events("beta"));
    }

    @Test
    void anUpgradeInstallsTheNewVersionThenUninstallsTheOld() throws Exception {
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", Map.of(), File.of("alpha-1.0.0.jar", TestBundles.module("alpha", "1.0.0"))));
        applyLabd();
        Files.writeString(data.resolve("modules/alpha/data/state-of-1.0.0"), "kept");

        labd.serve("g2", FakeLabd.Module.of("alpha", "2.0.0", Map.of(), File.of("alpha-2.0.0.jar", TestBundles.module("alpha", "2.0.0"))));
        applyLabd();

        Map<String, Object> alpha = status("alpha");
        assertEquals("2.0.0", alpha.get("version"));
        assertEquals("ready", alpha.get("state"), alpha.toString());
        assertEquals(List.of("install 1.0.0", "configure 1.0.0", "health 1.0.0", "install 2.0.0", "configure 2.0.0", "health 2.0.0"),
                events("alpha"));
        assertNull(framework.getBundleContext().getBundle("labctl-module:alpha/1.0.0/alpha-1.0.0.jar"), "the old bundle is gone");
        assertEquals(Bundle.ACTIVE, bundle("labctl-module:alpha/2.0.0/alpha-2.0.0.jar").getState());
        assertEquals(1, framework.getBundleContext().getServiceReferences(Module.class, "(labctl.module=alpha)").size());
        assertEquals("kept", Files.readString(data.resolve("modules/alpha/data/state-of-1.0.0")), "the data directory stays across upgrades");
        assertFalse(Files.exists(data.resolve("modules/alpha/1.0.0")), "the old version's files are deleted");
        assertTrue(Files.exists(data.resolve("modules/alpha/2.0.0/alpha-2.0.0.jar")));
    }

    @Test
    void anUpgradeWhoseBundlesDoNotLoadLeavesTheOldVersionRunningAndLabdCanRollBack() throws Exception {
        File v1 = File.of("alpha-1.0.0.jar", TestBundles.module("alpha", "1.0.0"));
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", Map.of(), v1));
        applyLabd();

        labd.serve("g2", FakeLabd.Module.of("alpha", "2.0.0", Map.of(), File.of("alpha-2.0.0.jar", TestBundles.module("alpha", "2.0.0", "org.foo"))));
        applyLabd();

        Map<String, Object> alpha = status("alpha");
        assertEquals("2.0.0", alpha.get("version"));
        assertEquals("failed", alpha.get("state"));
        assertEquals("alpha-2.0.0.jar does not resolve: missing requirement: package org.foo; 1.0.0 still runs", alpha.get("error"));
        assertEquals(Bundle.ACTIVE, bundle("labctl-module:alpha/1.0.0/alpha-1.0.0.jar").getState());
        assertNull(framework.getBundleContext().getBundle("labctl-module:alpha/2.0.0/alpha-2.0.0.jar"));

        labd.serve("g3", FakeLabd.Module.of("alpha", "1.0.0", Map.of(), v1));
        applyLabd();

        assertEquals("ready", status("alpha").get("state"));
        assertEquals("1.0.0", status("alpha").get("version"));
        assertEquals(List.of("install 1.0.0", "configure 1.0.0", "health 1.0.0", "install 1.0.0", "configure 1.0.0", "health 1.0.0"),
                events("alpha"));
    }

    @Test
    void aModuleNoLongerWantedIsRemovedItsBundlesUninstalledAndItsDataDeleted() throws Exception {
        File beta = File.of("beta-1.0.0.jar", TestBundles.module("beta", "1.0.0"));
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", Map.of(), File.of("alpha-1.0.0.jar", TestBundles.module("alpha", "1.0.0"))),
                FakeLabd.Module.of("beta", "1.0.0", Map.of(), beta));
        applyLabd();
        assertTrue(Files.exists(data.resolve("modules/alpha/data/installed-by")));

        labd.serve("g2", FakeLabd.Module.of("beta", "1.0.0", Map.of(), beta));
        applyLabd();

        assertEquals(List.of("install 1.0.0", "configure 1.0.0", "health 1.0.0", "remove 1.0.0"), events("alpha"));
        assertNull(framework.getBundleContext().getBundle("labctl-module:alpha/1.0.0/alpha-1.0.0.jar"));
        assertFalse(Files.exists(data.resolve("modules/alpha/data")), "its data directory is deleted");
        assertFalse(Files.exists(data.resolve("modules/alpha/1.0.0")), "and its files");
        assertTrue(Files.readString(data.resolve("modules/alpha/module.log")).contains(" INFO removed alpha 1.0.0"),
                "its log stays for labctl logs module/alpha");
        assertEquals(List.of("beta"), runtime.report().stream().map(m -> m.get("name")).toList());
        assertFalse(Files.readString(data.resolve("modules/state.json")).contains("alpha"));
        assertEquals("ready", status("beta").get("state"));
    }

    @Test
    void aRemoveThatFailsKeepsTheModuleAndItIsRemovedAtTheNextPass() throws Exception {
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", Map.of(), File.of("alpha-1.0.0.jar", TestBundles.module("alpha", "1.0.0"))));
        applyLabd();
        Files.writeString(markers.resolve("alpha.remove-fails"), "");

        labd.serve("g2");
        applyLabd();

        assertEquals("failed", status("alpha").get("state"));
        assertEquals("remove failed: cannot stop the marker service", status("alpha").get("error"));
        assertEquals(Bundle.ACTIVE, bundle("labctl-module:alpha/1.0.0/alpha-1.0.0.jar").getState());
        assertTrue(Files.exists(data.resolve("modules/alpha/data")));
        assertTrue(Files.readString(data.resolve("modules/state.json")).contains("\"removing\" : true"));

        Files.delete(markers.resolve("alpha.remove-fails"));
        applyLabd();

        assertEquals(List.of(), runtime.report());
        assertEquals(List.of(), moduleBundles());
        assertEquals(List.of("install 1.0.0", "configure 1.0.0", "health 1.0.0", "remove 1.0.0", "remove 1.0.0"), events("alpha"));
    }

    @Test
    void aRestartedAgentPutsBackItsModulesFromTheVerifiedFilesWithoutLabd() throws Exception {
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", parameters("colour", "blue"), File.of("alpha-1.0.0.jar", TestBundles.module("alpha", "1.0.0"))),
                FakeLabd.Module.of("beta", "1.0.0", Map.of(), File.of("beta-1.0.0.jar", TestBundles.module("beta", "1.0.0"))));
        applyLabd();
        labd.close();

        restart();
        runtime.recover();

        assertEquals(List.of("alpha", "beta"), runtime.report().stream().map(m -> m.get("name")).toList());
        assertEquals("ready", status("alpha").get("state"));
        assertEquals("ready", status("beta").get("state"));
        assertEquals(List.of("install 1.0.0", "configure 1.0.0", "health 1.0.0", "install 1.0.0", "configure 1.0.0", "health 1.0.0"),
                events("alpha"), "install and configure run again after a restart");
        assertTrue(Files.readString(markers.resolve("alpha.parameters")).contains("colour=blue java.lang.String"), "with the recorded parameters");
        assertEquals(Bundle.ACTIVE, bundle("labctl-module:alpha/1.0.0/alpha-1.0.0.jar").getState());
        assertEquals(Bundle.ACTIVE, bundle("labctl-module:beta/1.0.0/beta-1.0.0.jar").getState());
    }

    @Test
    void aFileChangedOnDiskIsRefusedWhenTheAgentPutsItsModulesBackAndLabdsCopyReplacesIt() throws Exception {
        byte[] betaJar = TestBundles.module("beta", "1.0.0");
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", Map.of(), File.of("alpha-1.0.0.jar", TestBundles.module("alpha", "1.0.0"))),
                FakeLabd.Module.of("beta", "1.0.0", Map.of(), File.of("beta-1.0.0.jar", betaJar)));
        applyLabd();
        Path betaFile = data.resolve("modules/beta/1.0.0/beta-1.0.0.jar");
        byte[] tampered = TestBundles.module("beta", "1.0.0", "org.evil");
        Files.write(betaFile, tampered);

        restart();
        runtime.recover();

        assertEquals("ready", status("alpha").get("state"));
        Map<String, Object> beta = status("beta");
        assertEquals("failed", beta.get("state"));
        assertEquals("beta-1.0.0.jar at " + betaFile + " is not the file labd pinned: its SHA-256 is " + ArtifactDigest.sha256(tampered)
                + ", expected " + ArtifactDigest.sha256(betaJar) + "; refused", beta.get("error"));
        assertNull(framework.getBundleContext().getBundle("labctl-module:beta/1.0.0/beta-1.0.0.jar"), "the changed file is not loaded");
        assertEquals(List.of("install 1.0.0", "configure 1.0.0", "health 1.0.0"), events("beta"));

        applyLabd();

        assertEquals("ready", status("beta").get("state"));
        assertArrayEquals(betaJar, Files.readAllBytes(betaFile), "labd's copy, verified, replaced it");
        assertTrue(Files.readString(data.resolve("modules/beta/module.log")).contains("; refused; fetching it again from labd"));
    }

    @Test
    void healthIsAskedAgainOnEachCheckAndItsResultDoesNotChangeTheState() throws Exception {
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", Map.of(), File.of("alpha-1.0.0.jar", TestBundles.module("alpha", "1.0.0"))));
        applyLabd();
        Files.writeString(markers.resolve("alpha.health"), "DEGRADED disk /var 91% full");

        runtime.checkHealth();

        await(() -> "DEGRADED".equals(health("alpha").get("status")));
        assertEquals("disk /var 91% full", health("alpha").get("message"));
        assertEquals("ready", status("alpha").get("state"));
    }

    // ---- the test's agent ----

    private Framework felix() throws Exception {
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, dir.resolve("runtime").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // the module API as the agent's runtime has it (the api bundle), here from the tests' class path
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.labctl.api.module;version=1.1.0");
        properties.put("test.markers", markers.toString());
        Framework felix = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(properties);
        felix.start();
        return felix;
    }

    private ModuleRuntime runtime() {
        return new ModuleRuntime(framework.getBundleContext(), ModulePlaces.of(data), new LabdClient(labd.identity()), "web-1",
                new ModuleRuntime.Settings(Duration.ofSeconds(10), Duration.ofMinutes(2)), agentLog::add, Clock.systemUTC());
    }

    /** The agent restarts: a new framework (its cache cleaned, as lab-agent's is) and a new runtime on the same data. */
    private void restart() throws Exception {
        runtime.close();
        framework.stop();
        framework.waitForStop(DEADLINE.toMillis());
        framework = felix();
        runtime = runtime();
    }

    private void applyLabd() throws Exception {
        runtime.apply(new LabdClient(labd.identity()).desired());
    }

    private Map<String, Object> status(String name) {
        return runtime.report().stream().filter(m -> name.equals(m.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not reported: " + runtime.report()));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> health(String name) {
        return (Map<String, Object>) status(name).get("health");
    }

    private List<String> events(String module) throws Exception {
        return FakeLabd.lines(Files.readString(markers.resolve(module + ".events")).strip());
    }

    private Bundle bundle(String location) {
        Bundle bundle = framework.getBundleContext().getBundle(location);
        assertNotNull(bundle, location + " is not installed: " + TestBundles.names(List.of(framework.getBundleContext().getBundles())));
        return bundle;
    }

    private List<Bundle> moduleBundles() {
        return List.of(framework.getBundleContext().getBundles()).stream()
                .filter(b -> b.getLocation().startsWith(ModuleBundles.LOCATION)).toList();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + DEADLINE);
            }
            Thread.onSpinWait();
            Thread.sleep(10);
        }
    }
}
