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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.labctl.ca.CertificateAuthority;
import org.labctl.core.AuditLog;
import org.labctl.core.Database;
import org.labctl.core.Permit;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Tls;
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
    private static final String DATA_PROPERTY = "labd.data";
    private static final long DEADLINE_MS = 120_000;

    @Inject
    private BundleContext context;

    @Inject
    private Database database;

    @Inject
    private CertificateAuthority ca;

    @Inject
    private AuditLog audit;

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
            systemProperty(DATA_PROPERTY).value(new File(work, "labd-data-" + System.nanoTime()).getAbsolutePath()),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port.secure", httpPort),
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
        // core's schema version goes on from the single history's 5; each bundle's schema has its own
        assertEquals("7", database.health().schemaVersion());
        assertEquals(Map.of("core", "7", "ca", "2", "rbac", "2", "exec", "2", "modules", "2", "clusters", "1", "pulumi", "2"),
                database.health().schemas());
        assertEquals("embedded", database.health().mode());

        String base = "https://127.0.0.1:" + Integer.getInteger(HTTP_PORT_PROPERTY);
        Path adminConfig = Path.of(System.getProperty(DATA_PROPERTY), "admin.labctl.yaml");
        while (!Files.exists(adminConfig)) {
            assertTrue("labd writes the admin config within the deadline", System.currentTimeMillis() < deadline);
            Thread.sleep(200);
        }
        Http admin = new Http(Tls.context(Tls.Config.read(adminConfig)));
        Http anonymous = new Http(Tls.context(ca.certificate(), null, null));
        Http.Response health = null;
        while (health == null || health.status() != 200) {
            assertTrue("health 200 within the deadline, last " + health, System.currentTimeMillis() < deadline);
            try {
                health = admin.get(base + "/api/v1/health");
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        String body = health.body();
        // capability bundles still starting add their endpoints, and the API's servlet is rebuilt with them (RestServer):
        // until the last has come, a request may meet the moment between two servlets (404)
        Http.Response refused = anonymous.get(base + "/api/v1/health");
        while (refused.status() == 404) {
            assertTrue("the API settles within the deadline", System.currentTimeMillis() < deadline);
            Thread.sleep(200);
            refused = anonymous.get(base + "/api/v1/health");
        }
        assertEquals("no client certificate, no answer", 401, refused.status());
        assertTrue(refused.body(), refused.body().contains("\"error\":\"unauthenticated\""));
        assertTrue(body, body.contains("\"status\":\"ok\""));
        assertTrue(body, body.contains("\"up\":true"));
        assertTrue(body, body.contains("\"schemaVersion\":\"7\""));
        assertTrue(body, body.contains("\"schemas\":{\"ca\":\"2\",\"clusters\":\"1\",\"core\":\"7\",\"exec\":\"2\",\"modules\":\"2\",\"pulumi\":\"2\",\"rbac\":\"2\"}"));
    }

    /** Every endpoint labd serves declares the permission it needs, or whom it is open to. */
    @Test
    public void everyRegisteredEndpointDeclaresItsPermission() throws Exception {
        List<String> undeclared = new java.util.ArrayList<>();
        int methods = 0;
        for (org.osgi.framework.ServiceReference<RestEndpoint> ref : context.getServiceReferences(RestEndpoint.class, null)) {
            Object endpoint = context.getService(ref);
            try {
                for (java.lang.reflect.Method method : endpoint.getClass().getMethods()) {
                    boolean http = Arrays.stream(method.getAnnotations())
                            .anyMatch(a -> a.annotationType().isAnnotationPresent(javax.ws.rs.HttpMethod.class));
                    if (http) {
                        methods++;
                        if (!method.isAnnotationPresent(Requires.class) && !method.isAnnotationPresent(Permit.class)) {
                            undeclared.add(endpoint.getClass().getName() + "." + method.getName());
                        }
                    }
                }
            } finally {
                context.ungetService(ref);
            }
        }
        assertTrue("labd serves endpoints: " + methods, methods >= 20);
        assertEquals("endpoints without @Requires or @Permit", List.of(), undeclared);
    }

    /** A resource whose author forgot to declare a permission. */
    @javax.ws.rs.Path("/undeclared")
    public static final class UndeclaredEndpoint implements RestEndpoint {
        @javax.ws.rs.GET
        @javax.ws.rs.Produces("text/plain")
        public String secret() {
            return "the undeclared endpoint ran";
        }
    }

    /** Deny by default: labd refuses an endpoint that declares nothing, even to admin, and audits it. */
    @Test
    public void anEndpointWithoutADeclarationIsRefused() throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        Path adminConfig = Path.of(System.getProperty(DATA_PROPERTY), "admin.labctl.yaml");
        while (!Files.exists(adminConfig)) {
            assertTrue("labd writes the admin config within the deadline", System.currentTimeMillis() < deadline);
            Thread.sleep(200);
        }
        Http admin = new Http(Tls.context(Tls.Config.read(adminConfig)));
        String url = "https://127.0.0.1:" + Integer.getInteger(HTTP_PORT_PROPERTY) + "/api/v1/undeclared";
        var registration = context.registerService(RestEndpoint.class, new UndeclaredEndpoint(), null);
        try {
            Http.Response response = null;
            // the API is republished when an endpoint comes: it answers 404 (or fails) until then
            while (response == null || response.status() == 404) {
                assertTrue("the endpoint is published within the deadline, last " + response, System.currentTimeMillis() < deadline);
                try {
                    response = admin.get(url);
                } catch (IOException notYet) {
                    response = null;
                }
                if (response == null || response.status() == 404) {
                    Thread.sleep(200);
                }
            }
            assertEquals(response.body(), 403, response.status());
            assertTrue(response.body(), response.body().contains("declares no permission"));
            assertTrue(response.body(), !response.body().contains("undeclared endpoint ran"));
            List<org.labctl.api.AuditRecord> rows = audit.query(new org.labctl.api.AuditQuery("admin", null, "denied", null, null, null, 100));
            assertTrue("the refusal is audited: " + rows, rows.stream().anyMatch(r -> "/api/v1/undeclared".equals(r.path())
                    && Integer.valueOf(403).equals(r.httpStatus())));
        } finally {
            registration.unregister();
        }
    }

    /**
     * The operator shell's lab:* commands use labd's services, as the labd user of the shell session
     * (its JAAS subject), through the gate, and leave audit rows as that user.
     */
    @Test
    public void operatorShellCommandsWorkAndAreAudited() throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (!database.health().up() || !Files.exists(Path.of(System.getProperty(DATA_PROPERTY), "admin.labctl.yaml"))) {
            assertTrue("labd ready within the deadline", System.currentTimeMillis() < deadline);
            Thread.sleep(200);
        }
        String token = shell("admin", "lab:token-create --reusable --description from-the-shell").trim();
        assertTrue(token, token.startsWith("LAB1") && token.contains("::"));
        assertTrue(shell("admin", "lab:tokens"), shell("admin", "lab:tokens").contains("reusable"));
        assertTrue(shell("admin", "lab:users"), shell("admin", "lab:users").contains("admin"));
        assertTrue(shell("admin", "lab:roles"), shell("admin", "lab:roles").contains("*:*:*:*"));
        assertTrue(shell("admin", "lab:servers"), shell("admin", "lab:servers").contains("NAME"));
        assertTrue(shell("admin", "lab:audit --limit 5"), shell("admin", "lab:audit --limit 5").contains("SHELL"));
        String refused = shell("nobody", "lab:users");
        assertTrue(refused, refused.contains("permission denied") && refused.contains("read:*:*:users"));
        List<org.labctl.api.AuditRecord> rows = audit.query(new org.labctl.api.AuditQuery(null, null, null, null, null, null, 200));
        for (String command : List.of("lab:token-create --reusable --description from-the-shell", "lab:tokens", "lab:users", "lab:roles",
                "lab:servers", "lab:audit --limit 5")) {
            assertTrue(command + " audited: " + rows, rows.stream().anyMatch(r -> "SHELL".equals(r.method()) && command.equals(r.path())
                    && "admin".equals(r.user()) && "allowed".equals(r.result())));
        }
        assertTrue("the refusal is audited: " + rows, rows.stream().anyMatch(r -> "SHELL".equals(r.method())
                && "lab:users".equals(r.path()) && "nobody".equals(r.user()) && "denied".equals(r.result())));
    }

    @Inject
    private org.apache.karaf.shell.api.console.SessionFactory sessions;

    /** Karaf names the principal of a session's user UserPrincipal; labd reads it by that name. */
    private static final class UserPrincipal implements java.security.Principal {
        private final String name;

        UserPrincipal(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }
    }

    /** Runs {@code command} in a shell session of Karaf user {@code user}, as the SSH console runs it; its output and errors. */
    private String shell(String user, String command) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        org.apache.karaf.shell.api.console.Session session = sessions.create(new java.io.ByteArrayInputStream(new byte[0]), print, print);
        javax.security.auth.Subject subject = new javax.security.auth.Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        try {
            Object result = javax.security.auth.Subject.doAs(subject,
                    (java.security.PrivilegedExceptionAction<Object>) () -> session.execute(command));
            if (result != null) {
                print.println(result);
            }
        } catch (java.security.PrivilegedActionException e) {
            print.println(e.getException().getMessage());
        } catch (RuntimeException e) {
            print.println(e.getMessage()); // a refusal, as the console prints it
        } finally {
            session.close();
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
