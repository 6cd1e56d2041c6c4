package org.labctl.apps.common;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The release objects belong to: the name the app was installed as ({@code labctl:release}), which names the objects,
 * and the labels and annotations every object of it carries.
 *
 * @param name the release's name
 * @param app the app's name ({@code app.kubernetes.io/name})
 * @param version the app's version ({@code app.kubernetes.io/version})
 * @param skipAwait whether every object carries {@code pulumi.com/skipAwait: "true"}
 */
public record Release(String name, String app, String version, boolean skipAwait) {

    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String VERSION = "app.kubernetes.io/version";
    public static final String SKIP_AWAIT = "pulumi.com/skipAwait";

    /** A DNS label: the release names a Service, whose name is one. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public Release {
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("labctl:release '" + name + "' cannot name Kubernetes objects: use at most 63"
                    + " lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
    }

    /** The release labd runs the program for (the app {@code app} at {@code version}): {@code labctl:release}. */
    public static Release of(Context ctx, String app, String version, boolean skipAwait) {
        return new Release(ctx.config("labctl").require("release"), app, version, skipAwait);
    }

    /** The labels of every object of the release. */
    public Map<String, String> labels() {
        var labels = new LinkedHashMap<String, String>();
        labels.put(INSTANCE, name);
        labels.put(NAME, app);
        labels.put(MANAGED_BY, "labctl");
        labels.put(VERSION, version);
        return labels;
    }

    /** The labels that select the release's pods (labctl's {@code logs app/NAME} finds them by it). */
    public Map<String, String> selector() {
        return Map.of(INSTANCE, name);
    }

    /** The metadata of a cluster-scoped object. */
    public ObjectMetaArgs metadata(String objectName) {
        return meta(objectName).build();
    }

    /** The metadata of an object in {@code namespace}. */
    public ObjectMetaArgs metadata(String objectName, Output<String> namespace) {
        return meta(objectName).namespace(namespace).build();
    }

    private ObjectMetaArgs.Builder meta(String objectName) {
        var meta = ObjectMetaArgs.builder().name(objectName).labels(labels());
        if (skipAwait) {
            meta.annotations(Map.of(SKIP_AWAIT, "true"));
        }
        return meta;
    }
}
