package org.labctl.apps.labd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labctl.apps.common.testing.MockedRun.at;
import static org.labctl.apps.common.testing.MockedRun.has;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.labctl.apps.common.testing.MockedRun;

/** The labd app's program run with pulumi-java's mocks: the objects it declares for a release and its outputs. */
class LabdAppTest {

    private static final String PASSWORD = "db-password-7f3a";
    private static final String MASTER_KEY = "master-key-91c2";
    private static final List<String> KINDS = List.of("core/v1:Namespace", "core/v1:ConfigMap", "core/v1:Secret",
            "apps/v1:Deployment", "core/v1:Service");

    @AfterEach
    void cleanup() {
        MockedRun.cleanup();
    }

    private static MockedRun release(String name) {
        return new MockedRun("labd", name).secret("databasePassword", PASSWORD);
    }

    @Test
    void theDefaultsDeclareTheNamespaceConfigSecretDeploymentAndService() {
        var run = release("prod").runOk(LabdApp::stack);

        var names = run.names();
        assertEquals(List.of("kubernetes:apps/v1:Deployment prod", "kubernetes:core/v1:ConfigMap prod-config",
                "kubernetes:core/v1:Namespace labd", "kubernetes:core/v1:Secret prod-secrets",
                "kubernetes:core/v1:Service prod"), names.stream().sorted().toList());
        // the order the program's outputs impose (not the rest: the Service races the Deployment): the Namespace before
        // the objects in it, the ConfigMap and the Secret before the Deployment that names them
        assertEquals("kubernetes:core/v1:Namespace labd", names.get(0), names.toString());
        var deploymentAt = names.indexOf("kubernetes:apps/v1:Deployment prod");
        assertTrue(deploymentAt > names.indexOf("kubernetes:core/v1:ConfigMap prod-config"), names.toString());
        assertTrue(deploymentAt > names.indexOf("kubernetes:core/v1:Secret prod-secrets"), names.toString());
        var deployment = run.object("apps/v1:Deployment", "prod");
        assertEquals("prod", at(deployment, "metadata", "name"));
        assertEquals("labd", at(deployment, "metadata", "namespace"));
        assertEquals(1.0, at(deployment, "spec", "replicas"));
        var container = at(deployment, "spec", "template", "spec", "containers", 0);
        assertEquals("labd", at(container, "name"));
        assertEquals("ghcr.io/labctl/labd:0.1.0", at(container, "image"));
        assertEquals(Map.of("cpu", "500m", "memory", "768Mi"), at(container, "resources", "requests"));
        assertEquals(Map.of("cpu", "500m", "memory", "768Mi"), at(container, "resources", "limits"));
        assertEquals(8443.0, at(container, "readinessProbe", "tcpSocket", "port"));
        assertEquals("https", at(container, "ports", 0, "name"));
        assertEquals(8443.0, at(container, "ports", 0, "containerPort"));
        assertEquals("https://prod.labd.svc:8443", run.output("url").getValueNullable());
    }

    @Test
    void theDeploymentHasTheValuesGiven() {
        var run = release("labd-blue")
                .value("replicas", "3").value("image", "registry.example/labd:9.9").value("port", "9443")
                .value("resources", "{\"cpu\":\"2\"}").value("namespace", "lab").value("databaseUrl", "jdbc:postgresql://db:5432/x")
                .runOk(LabdApp::stack);

        var deployment = run.object("apps/v1:Deployment", "labd-blue");
        assertEquals(3.0, at(deployment, "spec", "replicas"));
        assertEquals("lab", at(deployment, "metadata", "namespace"));
        var container = at(deployment, "spec", "template", "spec", "containers", 0);
        assertEquals("registry.example/labd:9.9", at(container, "image"));
        assertEquals(9443.0, at(container, "ports", 0, "containerPort"));
        assertEquals(9443.0, at(container, "readinessProbe", "tcpSocket", "port"));
        assertEquals(Map.of("cpu", "2", "memory", "768Mi"), at(container, "resources", "requests"));
        assertEquals(Map.of("cpu", "2", "memory", "768Mi"), at(container, "resources", "limits"));

        var service = run.object("core/v1:Service", "labd-blue");
        assertEquals("ClusterIP", at(service, "spec", "type"));
        assertEquals(9443.0, at(service, "spec", "ports", 0, "port"));
        assertEquals("https", at(service, "spec", "ports", 0, "targetPort"));
        assertEquals(Map.of("app.kubernetes.io/instance", "labd-blue"), at(service, "spec", "selector"));

        assertEquals("lab", run.output("namespace").getValueNullable());
        assertEquals("labd-blue", run.output("deployment").getValueNullable());
        assertEquals("labd-blue", run.output("service").getValueNullable());
        assertEquals("https://labd-blue.lab.svc:9443", run.output("url").getValueNullable());
        assertEquals(3, run.output("replicas").getValueNullable());
    }

    @Test
    void thePodsGetThePasswordFromTheSecretAndTheConfigurationFromTheConfigMap() {
        var run = release("prod").runOk(LabdApp::stack);

        var pod = at(run.object("apps/v1:Deployment", "prod"), "spec", "template", "spec");
        assertEquals(List.of(Map.of("name", "LABCTL_DATABASE_PASSWORD",
                        "valueFrom", Map.of("secretKeyRef", Map.of("name", "prod-secrets", "key", "database.password")))),
                at(pod, "containers", 0, "env"));
        assertEquals(List.of(Map.of("name", "config", "configMap", Map.of("name", "prod-config"))), at(pod, "volumes"));
        assertEquals(List.of(Map.of("name", "config", "mountPath", "/opt/labd/etc/conf.d", "readOnly", true)),
                at(pod, "containers", 0, "volumeMounts"));
        assertEquals(Map.of("database.password", PASSWORD), at(run.object("core/v1:Secret", "prod-secrets"), "stringData"));
    }

    @Test
    void theConfigMapHoldsTheDatabaseAndListenerConfiguration() {
        var run = release("prod").value("port", "7443").value("databaseUrl", "jdbc:postgresql://pg.db:5432/labd")
                .runOk(LabdApp::stack);

        assertEquals(Map.of(
                "org.labctl.core.database.cfg", "url = jdbc:postgresql://pg.db:5432/labd\nuser = labd\n",
                "org.ops4j.pax.web.cfg", "org.osgi.service.http.port.secure = 7443\norg.ops4j.pax.web.listening.addresses = 0.0.0.0\n"),
                at(run.object("core/v1:ConfigMap", "prod-config"), "data"));
    }

    @Test
    void theMasterKeyGoesInTheSecretOnlyWhenGiven() {
        var run = release("prod").secret("masterKey", MASTER_KEY).runOk(LabdApp::stack);

        assertEquals(Map.of("database.password", PASSWORD, "master.key", MASTER_KEY),
                at(run.object("core/v1:Secret", "prod-secrets"), "stringData"));
    }

    @Test
    void noSecretIsInAnyObjectButTheSecretNorInTheOutputs() {
        var run = release("prod").secret("masterKey", MASTER_KEY).runOk(LabdApp::stack);

        for (var object : run.objects()) {
            if (!object.type().equals("kubernetes:core/v1:Secret")) {
                var text = object.inputs().toString();
                assertFalse(text.contains(PASSWORD) || text.contains(MASTER_KEY), object.type() + " holds a secret: " + text);
            }
        }
        assertEquals(List.of("deployment", "namespace", "replicas", "service", "url"),
                run.outputs().keySet().stream().sorted().toList());
        for (var name : run.outputs().keySet()) {
            var output = run.output(name);
            var text = String.valueOf(output.getValueNullable());
            assertFalse(text.contains(PASSWORD) || text.contains(MASTER_KEY), name + " holds a secret: " + text);
            assertFalse(output.isSecret(), name + " is a secret output");
        }
    }

    @Test
    void everyObjectCarriesTheReleaseLabelsAndThePodsTheInstanceLabel() {
        var run = release("prod").runOk(LabdApp::stack);

        var labels = Map.of("app.kubernetes.io/instance", "prod", "app.kubernetes.io/name", "labd",
                "app.kubernetes.io/managed-by", "labctl", "app.kubernetes.io/version", "0.1.0");
        assertEquals(KINDS.size(), run.objects().size());
        for (var object : run.objects()) {
            assertEquals(labels, at(object.inputs(), "metadata", "labels"), object.type());
        }
        var deployment = run.object("apps/v1:Deployment", "prod");
        assertEquals(Map.of("app.kubernetes.io/instance", "prod"), at(deployment, "spec", "selector", "matchLabels"));
        assertEquals(labels, at(deployment, "spec", "template", "metadata", "labels"));
    }

    @Test
    void withoutCreateNamespaceThereIsNoNamespaceAndTheObjectsGoInTheOneGiven() {
        var run = release("prod").value("createNamespace", "false").value("namespace", "existing").runOk(LabdApp::stack);

        assertTrue(run.objects().stream().noneMatch(o -> o.type().equals("kubernetes:core/v1:Namespace")), run.names().toString());
        assertEquals(KINDS.size() - 1, run.objects().size());
        for (var object : run.objects()) {
            assertEquals("existing", at(object.inputs(), "metadata", "namespace"), object.type());
        }
    }

    @Test
    void skipAwaitAnnotatesEveryObject() {
        var run = release("prod").value("skipAwait", "true").runOk(LabdApp::stack);

        assertEquals(KINDS.size(), run.objects().size());
        for (var object : run.objects()) {
            assertEquals(Map.of("pulumi.com/skipAwait", "true"), at(object.inputs(), "metadata", "annotations"), object.type());
        }
    }

    @Test
    void withoutSkipAwaitOnlyTheServiceIsNotAwaited() {
        var run = release("prod").value("skipAwait", "false").runOk(LabdApp::stack);

        for (var object : run.objects()) {
            if (object.type().equals("kubernetes:core/v1:Service")) {
                assertEquals(Map.of("pulumi.com/skipAwait", "true"), at(object.inputs(), "metadata", "annotations"));
            } else {
                assertFalse(has(object.inputs(), "metadata", "annotations"), object.type() + " " + object.inputs());
            }
        }
    }

    @Test
    void theDatabasePasswordIsRequired() {
        var run = new MockedRun("labd", "prod").run(LabdApp::stack);

        assertFalse(run.result().exceptions().isEmpty());
        assertTrue(String.valueOf(run.result().exceptions()).contains("labd:databasePassword"), run.result().exceptions().toString());
        assertTrue(run.objects().isEmpty(), run.names().toString());
    }

    @Test
    void aValueOutOfRangeIsRefusedBeforeAnyObject() {
        var run = release("prod").value("replicas", "0").run(LabdApp::stack);

        assertTrue(String.valueOf(run.result().exceptions()).contains("replicas 0"), run.result().exceptions().toString());
        assertTrue(run.objects().isEmpty(), run.names().toString());
    }

    @Test
    void aReleaseNameThatCannotNameObjectsIsRefused() {
        var run = release("Prod_1").run(LabdApp::stack);

        assertTrue(String.valueOf(run.result().exceptions()).contains("labctl:release 'Prod_1'"), run.result().exceptions().toString());
        assertTrue(run.objects().isEmpty(), run.names().toString());
    }
}
