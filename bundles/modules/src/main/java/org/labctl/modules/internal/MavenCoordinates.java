package org.labctl.modules.internal;

import java.util.Locale;
import java.util.regex.Pattern;
import org.labctl.api.InvalidArgument;

/**
 * A module's Maven source in Karaf's {@code mvn:} URL syntax, {@code mvn:GROUP/ARTIFACT/VERSION[/TYPE[/CLASSIFIER]]}:
 * TYPE is {@code zip} (the default) or {@code kar}. Only a fixed release is taken, since labd pins what it adds: a
 * SNAPSHOT, a version range and the meta versions LATEST and RELEASE are refused, and so is the {@code mvn:URL!…} form
 * (labd asks only the repositories configured with {@code labctl modules repos add}).
 *
 * @param group      the group id, dot-separated
 * @param artifact   the artifact id
 * @param version    the release
 * @param type       {@code zip} or {@code kar}
 * @param classifier the classifier, or null
 */
public record MavenCoordinates(String group, String artifact, String version, String type, String classifier) {

    /** The prefix of a Maven source. */
    public static final String SCHEME = "mvn:";
    private static final int MAX_LENGTH = 512;
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");
    private static final String FORM = "mvn:GROUP/ARTIFACT/VERSION[/TYPE[/CLASSIFIER]], such as "
            + "mvn:org.example/chrony/1.2.0 or mvn:org.example/chrony/1.2.0/kar";

    /** Whether {@code source} is meant as a Maven source. */
    public static boolean isMaven(String source) {
        return source != null && source.startsWith(SCHEME);
    }

    /**
     * Reads a {@code mvn:} URL.
     *
     * @throws InvalidArgument when it is not of the form, or names no fixed release
     */
    public static MavenCoordinates parse(String source) {
        if (!isMaven(source)) {
            throw new InvalidArgument("not a Maven source: give " + FORM);
        }
        if (source.length() > MAX_LENGTH || source.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new InvalidArgument("a Maven source is at most " + MAX_LENGTH + " characters without spaces: give " + FORM);
        }
        String rest = source.substring(SCHEME.length());
        if (rest.contains("!")) {
            throw new InvalidArgument(Text.quote(source) + " names a repository itself (mvn:URL!…): labd asks only its "
                    + "module repositories; add that one with labctl modules repos add URL and give " + FORM);
        }
        String[] parts = rest.split("/", -1);
        if (parts.length < 3 || parts.length > 5) {
            throw new InvalidArgument(Text.quote(source) + " is not " + FORM);
        }
        String group = parts[0];
        String artifact = parts[1];
        String version = parts[2];
        String type = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : "zip";
        String classifier = parts.length > 4 && !parts[4].isEmpty() ? parts[4] : null;
        if (!GROUP.matcher(group).matches()) {
            throw new InvalidArgument(Text.quote(source) + ": group " + Text.quote(group) + " is not a Maven group id "
                    + "(dot-separated letters, digits, _ and -); give " + FORM);
        }
        if (!NAME.matcher(artifact).matches()) {
            throw new InvalidArgument(Text.quote(source) + ": artifact " + Text.quote(artifact) + " is not a Maven "
                    + "artifact id (letters, digits, _ . -); give " + FORM);
        }
        if (version.isEmpty()) {
            throw new InvalidArgument(Text.quote(source) + " names no version: labd pins a module, so give the release, "
                    + "such as " + SCHEME + group + "/" + artifact + "/1.0.0");
        }
        if (version.startsWith("[") || version.startsWith("(") || version.contains(",")) {
            throw new InvalidArgument(Text.quote(source) + ": " + Text.quote(version) + " is a version range; labd pins "
                    + "a module, so give one fixed release");
        }
        String upper = version.toUpperCase(Locale.ROOT);
        if (upper.endsWith("SNAPSHOT")) {
            throw new InvalidArgument(Text.quote(source) + ": " + version + " is a SNAPSHOT, whose artifact changes; labd "
                    + "pins a module, so give a fixed release");
        }
        if (upper.equals("LATEST") || upper.equals("RELEASE")) {
            throw new InvalidArgument(Text.quote(source) + ": " + version + " is not a fixed version; labd pins a module, "
                    + "so give the release itself");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new InvalidArgument(Text.quote(source) + ": " + Text.quote(version) + " is not a Maven version "
                    + "(letters, digits, _ . + -)");
        }
        if (!type.equals("zip") && !type.equals("kar")) {
            throw new InvalidArgument(Text.quote(source) + ": type " + Text.quote(type) + " is not a module's: a module "
                    + "is a zip (the default) or a kar");
        }
        if (classifier != null && !NAME.matcher(classifier).matches()) {
            throw new InvalidArgument(Text.quote(source) + ": classifier " + Text.quote(classifier) + " is not a Maven "
                    + "classifier (letters, digits, _ . -)");
        }
        return new MavenCoordinates(group, artifact, version, type, classifier);
    }

    /** Where the artifact is in a repository of Maven's layout: {@code org/example/chrony/1.2.0/chrony-1.2.0.zip}. */
    public String path() {
        return group.replace('.', '/') + "/" + artifact + "/" + version + "/" + artifact + "-" + version
                + (classifier == null ? "" : "-" + classifier) + "." + type;
    }

    /** The canonical {@code mvn:} URL (the type always written, the classifier when there is one). */
    @Override
    public String toString() {
        return SCHEME + group + "/" + artifact + "/" + version + "/" + type + (classifier == null ? "" : "/" + classifier);
    }
}
