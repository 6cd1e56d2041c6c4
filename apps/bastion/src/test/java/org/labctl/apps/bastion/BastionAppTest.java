package org.labctl.apps.bastion;

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

/** The bastion app's program run with pulumi-java's mocks: the objects it declares for a release and its outputs. */
class BastionAppTest {

    private static final String TOKEN = "join-token-5e1b";

    @AfterEach
    void cleanup() {
        MockedRun.cleanup();
    }

    private static MockedRun release(String name) {
        return new MockedRun("bastion", name);
    }

    @Test
    void theDefaultsDeclareTheNamespaceAndAHostNetworkPod() {
        var run = release("edge").runOk(BastionApp::stack);

        assertEquals(List.of("kubernetes:core/v1:Namespace labd", "kubernetes:core/v1:Pod edge"), run.names());
        var pod = run.object("core/v1:Pod", "edge");
        assertEquals("edge", at(pod, "metadata", "name"));
        assertEquals("labd", at(pod, "metadata", "namespace"));
        assertEquals(true, at(pod, "spec", "hostNetwork"));
        assertEquals("ClusterFirstWithHostNet", at(pod, "spec", "dnsPolicy"));
        assertFalse(has(pod, "spec", "nodeName"), "a node without nodeName: " + pod);
        assertEquals(List.of(Map.of("operator", "Exists")), at(pod, "spec", "tolerations"));
        var container = at(pod, "spec", "containers", 0);
        assertEquals("bastion", at(container, "name"));
        assertEquals("ghcr.io/labctl/bastion:0.1.0", at(container, "image"));
        assertEquals(Map.of("name", "ssh", "containerPort", 3022.0, "hostPort", 3022.0, "protocol", "TCP"),
                at(container, "ports", 0));
        assertEquals(List.of(Map.of("name", "LABCTL_URL", "value", "https://labd.labd.svc:8443")), at(container, "env"));

        assertEquals("labd", run.output("namespace").getValueNullable());
        assertEquals("edge", run.output("pod").getValueNullable());
        assertEquals(3022, run.output("port").getValueNullable());
        assertEquals(true, run.output("hostNetwork").getValueNullable());
    }

    @Test
    void thePodHasTheValuesGiven() {
        var run = release("bastion-1").value("port", "2222").value("nodeName", "node-3.lab").value("image", "registry.example/b:2")
                .value("labdUrl", "https://labd.example:443").value("namespace", "edge").runOk(BastionApp::stack);

        var pod = run.object("core/v1:Pod", "bastion-1");
        assertEquals("edge", at(pod, "metadata", "namespace"));
        assertEquals("node-3.lab", at(pod, "spec", "nodeName"));
        var container = at(pod, "spec", "containers", 0);
        assertEquals("registry.example/b:2", at(container, "image"));
        assertEquals(2222.0, at(container, "ports", 0, "containerPort"));
        assertEquals(2222.0, at(container, "ports", 0, "hostPort"));
        assertEquals(List.of(Map.of("name", "LABCTL_URL", "value", "https://labd.example:443")), at(container, "env"));
        assertEquals(2222, run.output("port").getValueNullable());
        assertEquals("edge", run.output("namespace").getValueNullable());
    }

    @Test
    void withoutAJoinTokenThereIsNoSecret() {
        var run = release("edge").runOk(BastionApp::stack);

        assertTrue(run.objects().stream().noneMatch(o -> o.type().equals("kubernetes:core/v1:Secret")), run.names().toString());
        assertFalse(at(run.object("core/v1:Pod", "edge"), "spec", "containers", 0, "env").toString().contains("LABCTL_JOIN_TOKEN"));
    }

    @Test
    void aJoinTokenGoesInTheSecretAndThePodGetsItFromThere() {
        var run = release("edge").secret("joinToken", TOKEN).runOk(BastionApp::stack);

        var secret = run.object("core/v1:Secret", "edge-join");
        assertEquals("edge-join", at(secret, "metadata", "name"));
        assertEquals("labd", at(secret, "metadata", "namespace"));
        assertEquals(Map.of("token", TOKEN), at(secret, "stringData"));
        assertEquals(List.of(Map.of("name", "LABCTL_URL", "value", "https://labd.labd.svc:8443"),
                        Map.of("name", "LABCTL_JOIN_TOKEN",
                                "valueFrom", Map.of("secretKeyRef", Map.of("name", "edge-join", "key", "token")))),
                at(run.object("core/v1:Pod", "edge"), "spec", "containers", 0, "env"));
    }

    @Test
    void theJoinTokenIsInNoObjectButTheSecretNorInTheOutputs() {
        var run = release("edge").secret("joinToken", TOKEN).runOk(BastionApp::stack);

        for (var object : run.objects()) {
            if (!object.type().equals("kubernetes:core/v1:Secret")) {
                assertFalse(object.inputs().toString().contains(TOKEN), object.type() + " holds the token: " + object.inputs());
            }
        }
        assertEquals(List.of("hostNetwork", "namespace", "pod", "port"), run.outputs().keySet().stream().sorted().toList());
        for (var name : run.outputs().keySet()) {
            assertFalse(String.valueOf(run.output(name).getValueNullable()).contains(TOKEN), name);
            assertFalse(run.output(name).isSecret(), name + " is a secret output");
        }
    }

    @Test
    void everyObjectCarriesTheReleaseLabels() {
        var run = release("edge").secret("joinToken", TOKEN).runOk(BastionApp::stack);

        assertEquals(3, run.objects().size(), run.names().toString());
        for (var object : run.objects()) {
            assertEquals(Map.of("app.kubernetes.io/instance", "edge", "app.kubernetes.io/name", "bastion",
                    "app.kubernetes.io/managed-by", "labctl", "app.kubernetes.io/version", "0.1.0"),
                    at(object.inputs(), "metadata", "labels"), object.type());
        }
    }

    @Test
    void withoutCreateNamespaceThereIsNoNamespace() {
        var run = release("edge").value("createNamespace", "false").value("namespace", "kube-system")
                .secret("joinToken", TOKEN).runOk(BastionApp::stack);

        assertEquals(List.of("kubernetes:core/v1:Secret edge-join", "kubernetes:core/v1:Pod edge"), run.names());
        for (var object : run.objects()) {
            assertEquals("kube-system", at(object.inputs(), "metadata", "namespace"), object.type());
        }
    }

    @Test
    void skipAwaitAnnotatesEveryObjectAndOnlyThen() {
        var skipping = release("edge").value("skipAwait", "true").secret("joinToken", TOKEN).runOk(BastionApp::stack);
        assertEquals(3, skipping.objects().size());
        for (var object : skipping.objects()) {
            assertEquals(Map.of("pulumi.com/skipAwait", "true"), at(object.inputs(), "metadata", "annotations"), object.type());
        }
        MockedRun.cleanup();

        var waiting = release("edge").secret("joinToken", TOKEN).runOk(BastionApp::stack);
        for (var object : waiting.objects()) {
            assertFalse(has(object.inputs(), "metadata", "annotations"), object.type() + " " + object.inputs());
        }
    }

    @Test
    void aPortOutOfRangeIsRefusedBeforeAnyObject() {
        var run = release("edge").value("port", "70000").run(BastionApp::stack);

        assertTrue(String.valueOf(run.result().exceptions()).contains("port 70000"), run.result().exceptions().toString());
        assertTrue(run.objects().isEmpty(), run.names().toString());
    }
}
