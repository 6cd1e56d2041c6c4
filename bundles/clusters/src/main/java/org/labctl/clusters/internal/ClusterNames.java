package org.labctl.clusters.internal;

import java.util.regex.Pattern;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Permission;

/** What a cluster's name and placement may be. */
final class ClusterNames {

    /** A DNS label: what kubectl contexts and labd's other names look like. */
    static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private ClusterNames() {
    }

    static String check(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidArgument("'" + (name == null ? "" : name.length() > 80 ? name.substring(0, 80) + "…" : name)
                    + "' is not a cluster name: lower-case letters, digits and '-', at most 63, starting and ending with a "
                    + "letter or digit");
        }
        return name;
    }

    /** A cloud or environment of a placement: a name, or {@code *} for none. */
    static String place(String value, String what) {
        if (Permission.ANY.equals(value)) {
            return value;
        }
        if (value == null || !NAME.matcher(value).matches()) {
            throw new InvalidArgument("'" + value + "' is not a " + what + " name");
        }
        return value;
    }
}
