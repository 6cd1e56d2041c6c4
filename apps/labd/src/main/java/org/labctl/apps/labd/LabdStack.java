package org.labctl.apps.labd;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.apps.v1.Deployment;
import com.pulumi.kubernetes.apps.v1.DeploymentArgs;
import com.pulumi.kubernetes.apps.v1.inputs.DeploymentSpecArgs;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
import com.pulumi.kubernetes.core.v1.Namespace;
import com.pulumi.kubernetes.core.v1.NamespaceArgs;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.SecretArgs;
import com.pulumi.kubernetes.core.v1.Service;
import com.pulumi.kubernetes.core.v1.ServiceArgs;
import com.pulumi.kubernetes.core.v1.inputs.ConfigMapVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.ContainerArgs;
import com.pulumi.kubernetes.core.v1.inputs.ContainerPortArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodTemplateSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.ProbeArgs;
import com.pulumi.kubernetes.core.v1.inputs.ResourceRequirementsArgs;
import com.pulumi.kubernetes.core.v1.inputs.SecretKeySelectorArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServicePortArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServiceSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.TCPSocketActionArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeMountArgs;
import com.pulumi.kubernetes.meta.v1.inputs.LabelSelectorArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.kubernetes.meta.v1.outputs.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.labctl.apps.common.Release;

/**
 * The labd app's objects: the namespace (when the app creates it), the ConfigMap {@code RELEASE-config} with labd's
 * database and listener configuration, the Secret {@code RELEASE-secrets} with the database password (and the master
 * key when given), the Deployment {@code RELEASE} and its Service {@code RELEASE}. Secrets go in the Secret only.
 */
final class LabdStack {

    static final String DATABASE_CFG = "org.labctl.core.database.cfg";
    static final String PAX_WEB_CFG = "org.ops4j.pax.web.cfg";
    static final String PASSWORD_KEY = "database.password";
    static final String MASTER_KEY = "master.key";
    static final String PASSWORD_ENV = "LABCTL_DATABASE_PASSWORD";
    static final String CONFIG_DIR = "/opt/labd/etc/conf.d";
    static final String CONTAINER = "labd";
    static final String PORT_NAME = "https";

    private LabdStack() {
    }

    static void deploy(Context ctx, Release release, LabdValues values, Output<String> databasePassword,
            Optional<Output<String>> masterKey) {
        Output<String> namespace = namespace(release, values);

        var config = new ConfigMap(release.name() + "-config", ConfigMapArgs.builder()
                .metadata(release.metadata(release.name() + "-config", namespace))
                .data(configFiles(values))
                .build());

        Output<Map<String, String>> secretData = masterKey
                .map(key -> Output.tuple(databasePassword, key).applyValue(t -> Map.of(PASSWORD_KEY, t.t1, MASTER_KEY, t.t2)))
                .orElseGet(() -> databasePassword.applyValue(password -> Map.of(PASSWORD_KEY, password)));
        var secret = new Secret(release.name() + "-secrets", SecretArgs.builder()
                .metadata(release.metadata(release.name() + "-secrets", namespace))
                .type("Opaque")
                .stringData(secretData.asSecret())
                .build());

        var deployment = new Deployment(release.name(), DeploymentArgs.builder()
                .metadata(release.metadata(release.name(), namespace))
                .spec(DeploymentSpecArgs.builder()
                        .replicas(values.replicas())
                        .selector(LabelSelectorArgs.builder().matchLabels(release.selector()).build())
                        .template(PodTemplateSpecArgs.builder()
                                .metadata(ObjectMetaArgs.builder().labels(release.labels()).build())
                                .spec(podSpec(values, name(config.metadata()), name(secret.metadata())))
                                .build())
                        .build())
                .build());

        // the Service is not awaited: the Deployment's availability (awaited) says labd is up, as helm --wait takes
        // it; the provider's Service await adds a fixed 10 s for endpoints to settle
        var service = new Service(release.name(), ServiceArgs.builder()
                .metadata(ObjectMetaArgs.builder().name(release.name()).namespace(namespace).labels(release.labels())
                        .annotations(Map.of(Release.SKIP_AWAIT, "true")).build())
                .spec(ServiceSpecArgs.builder()
                        .type("ClusterIP")
                        .selector(release.selector())
                        .ports(ServicePortArgs.builder().name(PORT_NAME).port(values.port()).targetPort(PORT_NAME).build())
                        .build())
                .build());

        ctx.export("namespace", namespace);
        ctx.export("deployment", name(deployment.metadata()));
        ctx.export("service", name(service.metadata()));
        ctx.export("url", Output.tuple(name(service.metadata()), namespace)
                .applyValue(t -> "https://" + t.t1 + "." + t.t2 + ".svc:" + values.port()));
        ctx.export("replicas", Output.of(values.replicas()));
    }

    /** The namespace's name: an output of the Namespace when the app creates it, so every object waits for it. */
    private static Output<String> namespace(Release release, LabdValues values) {
        if (!values.createNamespace()) {
            return Output.of(values.namespace());
        }
        var namespace = new Namespace(values.namespace(), NamespaceArgs.builder()
                .metadata(release.metadata(values.namespace()))
                .build());
        return name(namespace.metadata());
    }

    /** The ConfigMap's files: Karaf configurations labd reads from {@value #CONFIG_DIR}. */
    static Map<String, String> configFiles(LabdValues values) {
        var files = new LinkedHashMap<String, String>();
        files.put(DATABASE_CFG, "url = " + values.databaseUrl() + "\nuser = labd\n");
        files.put(PAX_WEB_CFG, "org.osgi.service.http.port.secure = " + values.port() + "\n"
                + "org.ops4j.pax.web.listening.addresses = 0.0.0.0\n");
        return files;
    }

    /** The pod: one container, its password from the Secret, its configuration the ConfigMap. */
    private static PodSpecArgs podSpec(LabdValues values, Output<String> configMap, Output<String> secret) {
        var resources = Map.of("cpu", values.cpu(), "memory", values.memory());
        return PodSpecArgs.builder()
                .containers(ContainerArgs.builder()
                        .name(CONTAINER)
                        .image(values.image())
                        .ports(ContainerPortArgs.builder().name(PORT_NAME).containerPort(values.port()).protocol("TCP").build())
                        .env(EnvVarArgs.builder()
                                .name(PASSWORD_ENV)
                                .valueFrom(EnvVarSourceArgs.builder()
                                        .secretKeyRef(SecretKeySelectorArgs.builder().name(secret).key(PASSWORD_KEY).build())
                                        .build())
                                .build())
                        .volumeMounts(VolumeMountArgs.builder().name("config").mountPath(CONFIG_DIR).readOnly(true).build())
                        .resources(ResourceRequirementsArgs.builder().requests(resources).limits(resources).build())
                        .readinessProbe(ProbeArgs.builder()
                                .tcpSocket(TCPSocketActionArgs.builder().port(values.port()).build())
                                .initialDelaySeconds(5)
                                .periodSeconds(5)
                                .build())
                        .build())
                .volumes(VolumeArgs.builder()
                        .name("config")
                        .configMap(ConfigMapVolumeSourceArgs.builder().name(configMap).build())
                        .build())
                .build();
    }

    private static Output<String> name(Output<ObjectMeta> metadata) {
        return metadata.applyValue(meta -> meta.name().orElseThrow());
    }
}
