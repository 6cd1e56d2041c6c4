package org.labctl.apps.labd;

import java.io.IOException;
import java.util.List;
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
        AppFormat.assertAppYamlNames(LabdApp.NAME, LabdApp.VERSION);
    }

    @Test
    void appYamlInputsAreAnObjectSchemaWithTheSecretsMarked() throws IOException {
        AppFormat.assertAppYamlInputs(
                Set.of("namespace", "createNamespace", "image", "replicas", "port", "databaseUrl", "databasePassword",
                        "masterKey", "resources", "skipAwait"),
                Set.of("databasePassword", "masterKey"),
                List.of("databasePassword"));
    }

    @Test
    void appYamlAsksForKubectlOnTheCluster() throws IOException {
        AppFormat.assertAppYamlAsksForKubectlOnTheCluster();
    }

    @Test
    void valuesYamlHasADefaultForEveryInputButTheSecrets() throws IOException {
        AppFormat.assertValuesYamlHasADefaultForEveryInputBut(Set.of("databasePassword", "masterKey"));
    }

    @Test
    void theCodesDefaultsAreThoseOfValuesYaml() throws IOException {
        AppFormat.assertTheCodesDefaultsAreThoseOfValuesYaml("labd", "prod", LabdValues::from,
                new LabdValues("labd", true, "ghcr.io/labctl/labd:0.1.0", 1, 8443,
                        "jdbc:postgresql://postgres:5432/labd", "500m", "768Mi", false));
    }
}
