package org.labctl.core.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validated database settings: configuration first, then the environment. Knows how to show
 * the URL and error messages without credentials.
 */
record DatabaseSettings(String url, String user, String password, Path embeddedDir, int poolSize,
                        int connectTimeoutMs, int retryMaxMs) {

    private static final Pattern URL_SECRETS = Pattern.compile("(?i)([?&;](password|sslpassword)=)[^&;]*");

    static DatabaseSettings from(DatabaseConfiguration config, Map<String, String> env, Path labdData) {
        String url = firstNonBlank(config.labd_db_url(), env.get("LABD_DB_URL"));
        String user = firstNonBlank(config.labd_db_user(), env.get("LABD_DB_USER"));
        String password = firstNonBlank(config.labd_db_password(), env.get("LABD_DB_PASSWORD"));
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("labd.db.url must start with jdbc:postgresql: (PostgreSQL or CockroachDB), got "
                    + redact(url, password));
        }
        if (config.pool_size() < 1 || config.pool_size() > 500) {
            throw new IllegalArgumentException("pool.size must be between 1 and 500, got " + config.pool_size());
        }
        if (config.connect_timeout_ms() < 250) {
            throw new IllegalArgumentException("connect.timeout.ms must be at least 250, got " + config.connect_timeout_ms());
        }
        if (config.retry_max_ms() < 100) {
            throw new IllegalArgumentException("retry.max.ms must be at least 100, got " + config.retry_max_ms());
        }
        Path embedded = config.embedded_dir().isBlank() ? labdData.resolve("postgres") : Path.of(config.embedded_dir());
        return new DatabaseSettings(url, user, password, embedded, config.pool_size(), config.connect_timeout_ms(),
                config.retry_max_ms());
    }

    boolean embedded() {
        return url.isEmpty();
    }

    /** The URL as it may be shown: without password parameters. */
    String displayUrl() {
        return redact(url, password);
    }

    /** A message as it may be shown or logged: the password never appears in it. */
    String redact(String message) {
        return redact(message, password);
    }

    static String redact(String message, String password) {
        if (message == null) {
            return null;
        }
        String cleaned = URL_SECRETS.matcher(message).replaceAll("$1****");
        if (password != null && !password.isEmpty()) {
            cleaned = cleaned.replace(password, "****");
        }
        return cleaned;
    }

    private static String firstNonBlank(String configured, String fromEnv) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return fromEnv == null ? "" : fromEnv.trim();
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + displayUrl() + ", user=" + user + ", embeddedDir=" + embeddedDir + "]";
    }
}
