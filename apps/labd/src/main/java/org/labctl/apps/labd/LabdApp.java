package org.labctl.apps.labd;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import java.util.Optional;
import org.labctl.apps.common.Release;

/**
 * The labd app: labd deploying itself. labd runs this program with the Pulumi engine against the cluster the app is
 * installed on; its inputs arrive as config (see {@link LabdValues}, and the secrets {@code databasePassword} and
 * {@code masterKey}), the release's name as {@code labctl:release}.
 */
public final class LabdApp {

    /** The app's name: app.yaml's {@code name}, the Pulumi project. */
    static final String NAME = "labd";
    /** The app's version: app.yaml's {@code version}. */
    static final String VERSION = "0.1.0";

    private LabdApp() {
    }

    public static void main(String[] args) {
        Pulumi.run(LabdApp::stack);
    }

    static void stack(Context ctx) {
        var config = ctx.config();
        var values = LabdValues.from(config);
        var release = Release.of(ctx, NAME, VERSION, values.skipAwait());
        Output<String> databasePassword = config.requireSecret("databasePassword");
        Optional<Output<String>> masterKey = config.get("masterKey").filter(key -> !key.isEmpty()).map(Output::ofSecret);
        LabdStack.deploy(ctx, release, values, databasePassword, masterKey);
    }
}
