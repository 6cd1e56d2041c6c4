package org.labctl.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.labctl.core.Database;
import org.labctl.tests.harness.Ports;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Pax Exam boots the built labd distribution (the tar.gz of the assembly module, unchanged but
 * for free ports) and checks the wiring from inside: every labd bundle Active, the database service
 * present and migrated, and the REST API answering through CXF and Pax Web.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LabdDistributionIT {

    /** Chosen by the driver and handed to the container, where this class is loaded again. */
    private static final String HTTP_PORT_PROPERTY = "labctl.test.http.port";
    private static final long DEADLINE_MS = 120_000;

    @Inject
    private BundleContext context;

    @Inject
    private Database database;

    @Configuration
    public Option[] configuration() {
        String root = System.getProperty("labctl.root", "..");
        String version = System.getProperty("labctl.version");
        File tarball = new File(root, "assembly/target/org.labctl.assembly-" + version + ".tar.gz");
        File work = new File(System.getProperty("labctl.work", "target/it"), "pax-exam");
        String httpPort = Integer.toString(Ports.free());
        String localRepo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl("file:" + tarball.getAbsolutePath())
                    .unpackDirectory(work)
                    .name("labd")
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.WARN),
            systemProperty(HTTP_PORT_PROPERTY).value(httpPort),
            systemProperty("labd.data").value(new File(work, "labd-data-" + System.nanoTime()).getAbsolutePath()),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", httpPort),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(Ports.free())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(Ports.free())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(Ports.free())),
            // Pax Exam installs its own probe bundles from Maven: let this test (only) reach them
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepo),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                    "file:" + localRepo + "@id=local@snapshots, https://repo1.maven.org/maven2@id=central"),
        };
    }

    @Test
    public void labdBundlesAreActive() {
        List<Bundle> labd = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.labctl."))
                .filter(b -> !b.getSymbolicName().equals("org.labctl.tests"))
                .collect(Collectors.toList());
        List<String> names = labd.stream().map(Bundle::getSymbolicName).sorted().collect(Collectors.toList());
        assertTrue("labd bundles installed: " + names, names.containsAll(List.of("org.labctl.api", "org.labctl.core")));
        for (Bundle bundle : labd) {
            assertEquals(bundle.getSymbolicName() + " is Active", Bundle.ACTIVE, bundle.getState());
        }
    }

    @Test
    public void databaseIsMigratedAndHealthAnswers() throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (!database.health().up()) {
            assertTrue("database up within the deadline: " + database.health(), System.currentTimeMillis() < deadline);
            Thread.sleep(200);
        }
        assertEquals("1", database.health().schemaVersion());
        assertEquals("embedded", database.health().mode());

        String body = null;
        int status = 0;
        while (status != 200) {
            assertTrue("health 200 within the deadline, last " + status + " " + body, System.currentTimeMillis() < deadline);
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + Integer.getInteger(HTTP_PORT_PROPERTY) + "/api/v1/health").openConnection();
            try {
                status = connection.getResponseCode();
                try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                    body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException notYet) {
                status = 0;
            } finally {
                connection.disconnect();
            }
            if (status != 200) {
                Thread.sleep(200);
            }
        }
        assertTrue(body, body.contains("\"status\":\"ok\""));
        assertTrue(body, body.contains("\"up\":true"));
    }
}
