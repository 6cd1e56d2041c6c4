package org.labctl.apps.bastion;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import java.util.Optional;
import org.labctl.apps.common.Release;

/**
 * The bastion app: labctl's bastion in one host-network pod, so it is reached on a node's own address. labd runs this
 * program with the Pulumi engine against the cluster the app is installed on; its inputs arrive as config (see
 * {@link BastionValues}, and the secret {@code joinToken}), the release's name as {@code labctl:release}.
 */
public final class BastionApp {

    /** The app's name: app.yaml's {@code name}, the Pulumi project. */
    static final String NAME = "bastion";
    /** The app's version: app.yaml's {@code version}. */
    static final String VERSION = "0.1.0";

    private BastionApp() {
    }

    public static void main(String[] args) {
        Pulumi.run(BastionApp::stack);
    }

    static void stack(Context ctx) {
        var config = ctx.config();
        var values = BastionValues.from(config);
        var release = Release.of(ctx, NAME, VERSION, values.skipAwait());
        Optional<Output<String>> joinToken = config.get("joinToken").filter(token -> !token.isEmpty()).map(Output::ofSecret);
        BastionStack.deploy(ctx, release, values, joinToken);
    }
}
