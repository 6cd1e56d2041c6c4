package org.labctl.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Finds and reads the labctl config: {@code --config FILE}, else {@code $LABCTL_CONFIG}, else
 * {@code ~/.config/labctl/config.yaml} (DESIGN.md §3). Every failure names the file and says
 * what to do; none quotes the file's content, which may hold a private key.
 */
public final class ClientConfigLoader {

    public static final String CONFIG_ENV = "LABCTL_CONFIG";
    public static final List<String> KEYS = List.of("server", "user", "ca", "cert", "key");

    private final Map<String, String> env;
    private final Path home;

    public ClientConfigLoader(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    /** The default location, {@code ~/.config/labctl/config.yaml}. */
    public Path defaultPath() {
        return home.resolve(".config").resolve("labctl").resolve("config.yaml");
    }

    /**
     * The config file to use and where its name came from.
     *
     * @param explicit the {@code --config} value, or null
     */
    public Location locate(Path explicit) {
        if (explicit != null) {
            return requireFile(new Location(explicit, "--config"));
        }
        String fromEnv = env.get(CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return requireFile(new Location(Path.of(fromEnv), CONFIG_ENV));
        }
        Path fallback = defaultPath();
        if (Files.isRegularFile(fallback)) {
            return new Location(fallback, "default location");
        }
        throw new LabctlException(ExitCode.ERROR, "no labctl config found: pass --config FILE, set " + CONFIG_ENV
                + ", or create ~/.config/labctl/config.yaml (./lab up prints the export line)");
    }

    /** Locates and reads the config. */
    public ClientConfig load(Path explicit) {
        return read(locate(explicit).path());
    }

    /** Reads and checks one config file. */
    public ClientConfig read(Path file) {
        JsonNode root;
        try {
            root = Mappers.yaml().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw invalid(file, describe(e));
        } catch (IOException e) {
            throw new LabctlException(ExitCode.ERROR, "cannot read labctl config " + file + ": " + e
                    + ": check that it is a readable UTF-8 file", e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw invalid(file, "the file is empty; it needs at least 'server: https://HOST:PORT'");
        }
        if (!root.isObject()) {
            throw invalid(file, "it must be a YAML mapping with the keys " + String.join(", ", KEYS));
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw invalid(file, "unknown key '" + name + "' (known keys: " + String.join(", ", KEYS) + ")");
            }
        }
        String server = text(file, root, "server");
        if (server == null || server.isBlank()) {
            throw invalid(file, "key 'server' is missing: set it to labd's URL, such as https://127.0.0.1:8443");
        }
        return new ClientConfig(file, serverUri(file, server.strip()), text(file, root, "user"),
                pem(file, root, "ca"), pem(file, root, "cert"), pem(file, root, "key"));
    }

    private static URI serverUri(Path file, String server) {
        String problem = "key 'server' must be an http:// or https:// URL such as https://127.0.0.1:8443, not '"
                + server + "'";
        URI uri;
        try {
            uri = new URI(server);
        } catch (URISyntaxException e) {
            throw invalid(file, problem);
        }
        boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
        if (!web || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(file, problem);
        }
        String withoutTrailingSlash = server.replaceAll("/+$", "");
        return URI.create(withoutTrailingSlash);
    }

    private static String text(Path file, JsonNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode() || value.isBoolean()) {
            throw invalid(file, "key '" + key + "' must be a string");
        }
        return value.asText();
    }

    /** Checks the shape only, and never quotes the value: it may be a private key. */
    private static String pem(Path file, JsonNode root, String key) {
        String value = text(file, root, key);
        if (value != null && !value.contains("-----BEGIN ")) {
            throw invalid(file, "key '" + key + "' must hold a PEM block (-----BEGIN ...)");
        }
        return value;
    }

    /**
     * The parser's complaint and position. Only snakeyaml's problem text is used, never the
     * excerpt of the file its full message ends with: that excerpt may be part of a private key.
     */
    private static String describe(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
                Mark mark = yaml.getProblemMark();
                String context = yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")";
                return (mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ")
                        + yaml.getProblem() + context;
            }
        }
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        String firstLine = message.lines().findFirst().orElse(message).strip();
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            return "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": " + firstLine;
        }
        return firstLine;
    }

    private static LabctlException invalid(Path file, String problem) {
        return new LabctlException(ExitCode.ERROR, "labctl config " + file + " is not valid: " + problem);
    }

    private static Location requireFile(Location location) {
        Path path = location.path();
        if (!Files.exists(path)) {
            throw new LabctlException(ExitCode.ERROR, "labctl config " + path + " (from " + location.origin()
                    + ") does not exist: " + (location.origin().equals(CONFIG_ENV)
                            ? "point " + CONFIG_ENV + " at an existing file or unset it"
                            : "pass the path of an existing file"));
        }
        if (!Files.isRegularFile(path)) {
            throw new LabctlException(ExitCode.ERROR, "labctl config " + path + " (from " + location.origin()
                    + ") is not a regular file: pass the path of a config file");
        }
        return location;
    }

    /**
     * A config file and where its name came from.
     *
     * @param path   the file
     * @param origin {@code --config}, {@code LABCTL_CONFIG} or {@code default location}
     */
    public record Location(Path path, String origin) {
    }
}
