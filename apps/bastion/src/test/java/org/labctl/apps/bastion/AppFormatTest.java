package org.labctl.apps.bastion;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.labctl.apps.common.testing.AppFormat;
import org.labctl.apps.common.testing.MockedRun;

/** The app's description in the jar (META-INF/labctl/app.yaml and values.yaml) agrees with itself and with the code. */
class AppFormatTest {

    @AfterEach
    void cleanup() {
        MockedRun.cleanup();
    }

    @Test
    void appYamlNamesTheAppAndVersionOfTheCode() throws IOException {
        AppFormat.assertAppYamlNames(BastionApp.NAME, BastionApp.VERSION);
    }

    @Test
    void appYamlInputsAreAnObjectSchemaWithTheSecretsMarked() throws IOException {
        AppFormat.assertAppYamlInputs(
                Set.of("namespace", "createNamespace", "image", "port", "nodeName", "labdUrl", "joinToken", "skipAwait"),
                Set.of("joinToken"),
                List.of());
    }

    @Test
    void appYamlAsksForKubectlOnTheCluster() throws IOException {
        AppFormat.assertAppYamlAsksForKubectlOnTheCluster();
    }

    @Test
    void valuesYamlHasADefaultForEveryInputButTheSecretAndTheNode() throws IOException {
        AppFormat.assertValuesYamlHasADefaultForEveryInputBut(Set.of("joinToken", "nodeName"));
    }

    @Test
    void theCodesDefaultsAreThoseOfValuesYaml() throws IOException {
        AppFormat.assertTheCodesDefaultsAreThoseOfValuesYaml("bastion", "edge", BastionValues::from,
                new BastionValues("labd", true, "ghcr.io/labctl/bastion:0.1.0", 3022, Optional.empty(),
                        "https://labd.labd.svc:8443", false));
    }
}
