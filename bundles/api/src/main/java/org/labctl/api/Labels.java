package org.labctl.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The label rules (as Kubernetes has them), checked the same way by labd and labctl. */
public final class Labels {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?");

    private Labels() {
    }

    /** The labels, sorted by key, once every key and value is valid. */
    public static Map<String, String> validate(Map<String, String> labels) {
        Map<String, String> valid = new TreeMap<>();
        if (labels == null) {
            return valid;
        }
        Limits.labels("labels", labels);
        labels.forEach((key, value) -> valid.put(key(key), value(key, value)));
        return valid;
    }

    public static String key(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new InvalidArgument("label key '" + key + "' is not valid: letters, digits, '.', '_', '/' and '-', "
                    + "starting and ending with a letter or digit, at most 63 characters");
        }
        return key;
    }

    private static String value(String key, String value) {
        String v = value == null ? "" : value;
        if (!VALUE.matcher(v).matches()) {
            throw new InvalidArgument("label value '" + v + "' of " + key + " is not valid: letters, digits, '.', '_' "
                    + "and '-', starting and ending with a letter or digit, at most 63 characters");
        }
        return v;
    }
}
