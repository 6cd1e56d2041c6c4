package org.labctl.api;

import java.util.LinkedHashMap;
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

    /**
     * A label selector as labctl's {@code -l} and labd's queries write it: {@code KEY=VALUE} pairs
     * separated by commas ({@code rack=r1,tier=gold}), each key and value a valid label (an empty
     * value selects the label set to ""), every key once. The one parser of selectors, so that
     * {@code get servers}, {@code exec} and {@code logs} take the same form.
     *
     * @return the labels a server must all have, in the order written; empty for null or blank
     * @throws InvalidArgument naming the pair that is not KEY=VALUE, the key given twice, or the bad key or value
     */
    public static Map<String, String> selector(String selector) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (selector == null || selector.isBlank()) {
            return labels;
        }
        for (String pair : selector.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new InvalidArgument("label selector '" + pair.trim() + "' is not KEY=VALUE: write KEY=VALUE pairs "
                        + "separated by commas, such as rack=r1,tier=gold");
            }
            String key = key(pair.substring(0, eq).trim());
            if (labels.put(key, value(key, pair.substring(eq + 1).trim())) != null) {
                throw new InvalidArgument("label selector '" + selector.trim() + "' names " + key + " twice: a server has "
                        + "one value for each label");
            }
        }
        return labels;
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
