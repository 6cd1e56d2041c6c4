package org.labctl.agent.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.api.session.AgentIdentity;
import org.labctl.api.session.AgentTopic;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The handler bundle as lab-agent runs it: this module's bundle (its bnd manifest and component, from
 * target/classes) with Felix SCR, Jackson and the identity service the agent's core registers, in a Felix
 * framework with the agent's framework properties. The topic appears, fetches labd's modules at start,
 * reports them, and applies a new generation when labd's notice names one.
 */
class ModulesTopicTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private FakeLabd labd;
    private Framework framework;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("markers"));
        labd = new FakeLabd();
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, dir.resolve("runtime").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // the shared API as the api bundle exports it; here the system bundle does, so that the test's identity is the same type
        properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                "org.labctl.api.module;version=1.1.0,org.labctl.api.session;version=1.3.0");
        properties.put(ModulesTopic.DATA, dir.resolve("data").toString());
        properties.put(ModulesTopic.HEARTBEAT, "1");
        properties.put("test.markers", dir.resolve("markers").toString());
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(properties);
        framework.start();
    }

    @AfterEach
    void stop() throws Exception {
        framework.stop();
        framework.waitForStop(DEADLINE.toMillis());
        labd.close();
    }

    @Test
    void theTopicFetchesLabdsModulesAtStartReportsThemAndFollowsLabdsNotices() throws Exception {
        byte[] alpha = TestBundles.module("alpha", "1.0.0");
        labd.serve("g1", FakeLabd.Module.of("alpha", "1.0.0", Map.of(), FakeLabd.File.of("alpha-1.0.0.jar", alpha)));
        BundleContext system = framework.getBundleContext();
        system.registerService(AgentIdentity.class, labd.identity(), null);
        // the agent core's heartbeat: each change of a module's state asks for one at once
        java.util.concurrent.atomic.AtomicInteger heartbeats = new java.util.concurrent.atomic.AtomicInteger();
        system.registerService(org.labctl.api.session.AgentHeartbeat.class, heartbeats::incrementAndGet, null);

        List<Bundle> runtime = new ArrayList<>();
        for (String jar : List.of("jackson-annotations-", "jackson-core-", "jackson-databind-", "org.osgi.util.function-",
                "org.osgi.util.promise-", "org.osgi.service.component-", "org.apache.felix.scr-")) {
            runtime.add(system.installBundle("reference:" + classPath(jar).toUri()));
        }
        runtime.add(system.installBundle("reference:" + Path.of("target/classes").toAbsolutePath().toUri()));
        for (Bundle bundle : runtime) {
            bundle.start();
        }

        AgentTopic topic = await("the modules topic", () -> {
            ServiceReference<AgentTopic> reference = system.getServiceReference(AgentTopic.class);
            return reference == null ? null : system.getService(reference);
        });
        assertEquals("modules", topic.name());
        await("alpha ready", () -> state(topic, "alpha").equals("ready") ? true : null);
        int beforeRemoval = await("a heartbeat asked for", () -> heartbeats.get() >= 2 ? heartbeats.get() : null);
        assertTrue(Files.exists(dir.resolve("data/modules/alpha/1.0.0/alpha-1.0.0.jar")));
        assertEquals(1, labd.fetches.get());

        labd.serve("g2");
        topic.notice(Map.of("generation", "g2"));
        await("alpha removed", () -> ((List<?>) topic.report()).isEmpty() ? true : null);
        assertTrue(heartbeats.get() > beforeRemoval, "removing is a change labd hears at once too");
        assertTrue(Files.readString(dir.resolve("markers/alpha.events")).endsWith("remove 1.0.0\n"));
        assertFalse(Files.exists(dir.resolve("data/modules/alpha/data")));
    }

    @SuppressWarnings("unchecked")
    private static String state(AgentTopic topic, String name) {
        for (Map<String, Object> module : (List<Map<String, Object>>) topic.report()) {
            if (name.equals(module.get("name"))) {
                return (String) module.get("state");
            }
        }
        return "";
    }

    /** The jar on the tests' class path whose file name starts so. */
    private static Path classPath(String prefix) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName().toString().startsWith(prefix) && entry.endsWith(".jar")) {
                return path;
            }
        }
        throw new AssertionError(prefix + "*.jar is not on the class path");
    }

    private static <T> T await(String what, Supplier<T> condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (T value = condition.get(); ; value = condition.get()) {
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + DEADLINE);
            }
            Thread.sleep(20);
        }
    }
}
