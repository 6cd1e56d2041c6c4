package org.labctl.apps.bastion;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.Namespace;
import com.pulumi.kubernetes.core.v1.NamespaceArgs;
import com.pulumi.kubernetes.core.v1.Pod;
import com.pulumi.kubernetes.core.v1.PodArgs;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.SecretArgs;
import com.pulumi.kubernetes.core.v1.inputs.ContainerArgs;
import com.pulumi.kubernetes.core.v1.inputs.ContainerPortArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.SecretKeySelectorArgs;
import com.pulumi.kubernetes.core.v1.inputs.TolerationArgs;
import com.pulumi.kubernetes.meta.v1.outputs.ObjectMeta;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import org.labctl.apps.common.Release;

/**
 * The bastion app's objects: the namespace (when the app creates it), the Secret {@code RELEASE-join} with the join
 * token (when given) and the Pod {@code RELEASE} on the host's network, tolerating every taint so it lands on any node.
 */
final class BastionStack {

    static final String CONTAINER = "bastion";
    static final String PORT_NAME = "ssh";
    static final String TOKEN_KEY = "token";
    static final String TOKEN_ENV = "LABCTL_JOIN_TOKEN";
    static final String URL_ENV = "LABCTL_URL";

    private BastionStack() {
    }

    static void deploy(Context ctx, Release release, BastionValues values, Optional<Output<String>> joinToken) {
        Output<String> namespace = namespace(release, values);

        var env = new ArrayList<EnvVarArgs>();
        env.add(EnvVarArgs.builder().name(URL_ENV).value(values.labdUrl()).build());
        joinToken.ifPresent(token -> {
            var secret = new Secret(release.name() + "-join", SecretArgs.builder()
                    .metadata(release.metadata(release.name() + "-join", namespace))
                    .type("Opaque")
                    .stringData(token.applyValue(value -> Map.of(TOKEN_KEY, value)).asSecret())
                    .build());
            env.add(EnvVarArgs.builder()
                    .name(TOKEN_ENV)
                    .valueFrom(EnvVarSourceArgs.builder()
                            .secretKeyRef(SecretKeySelectorArgs.builder().name(name(secret.metadata())).key(TOKEN_KEY).build())
                            .build())
                    .build());
        });

        var spec = PodSpecArgs.builder()
                .hostNetwork(true)
                .dnsPolicy("ClusterFirstWithHostNet")
                .tolerations(TolerationArgs.builder().operator("Exists").build())
                .containers(ContainerArgs.builder()
                        .name(CONTAINER)
                        .image(values.image())
                        .ports(ContainerPortArgs.builder()
                                .name(PORT_NAME).containerPort(values.port()).hostPort(values.port()).protocol("TCP").build())
                        .env(env)
                        .build());
        values.nodeName().ifPresent(spec::nodeName);
        var pod = new Pod(release.name(), PodArgs.builder()
                .metadata(release.metadata(release.name(), namespace))
                .spec(spec.build())
                .build());

        ctx.export("namespace", namespace);
        ctx.export("pod", name(pod.metadata()));
        ctx.export("port", Output.of(values.port()));
        ctx.export("hostNetwork", Output.of(true));
    }

    /** The namespace's name: an output of the Namespace when the app creates it, so every object waits for it. */
    private static Output<String> namespace(Release release, BastionValues values) {
        if (!values.createNamespace()) {
            return Output.of(values.namespace());
        }
        var namespace = new Namespace(values.namespace(), NamespaceArgs.builder()
                .metadata(release.metadata(values.namespace()))
                .build());
        return name(namespace.metadata());
    }

    private static Output<String> name(Output<ObjectMeta> metadata) {
        return metadata.applyValue(meta -> meta.name().orElseThrow());
    }
}
