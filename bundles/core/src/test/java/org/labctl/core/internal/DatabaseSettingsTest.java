package org.labctl.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    private static final Path DATA = Path.of("/var/lib/labd");

    @Test
    void withoutUrlLabdRunsItsEmbeddedDatabaseUnderItsDataDirectory() {
        DatabaseSettings settings = DatabaseSettings.from(config("", "", "", "", 10), Map.of(), DATA);
        assertTrue(settings.embedded());
        assertEquals(DATA.resolve("postgres"), settings.embeddedDir());
    }

    @Test
    void configurationWinsOverTheEnvironment() {
        Map<String, String> env = Map.of("LABD_DB_URL", "jdbc:postgresql://env/db", "LABD_DB_USER", "envuser",
                "LABD_DB_PASSWORD", "envpw");
        DatabaseSettings fromEnv = DatabaseSettings.from(config("", "", "", "", 10), env, DATA);
        assertEquals("jdbc:postgresql://env/db", fromEnv.url());
        assertEquals("envuser", fromEnv.user());
        assertEquals("envpw", fromEnv.password());

        DatabaseSettings configured = DatabaseSettings.from(config("jdbc:postgresql://cfg/db", "cfguser", "cfgpw", "/srv/pg", 10), env, DATA);
        assertEquals("jdbc:postgresql://cfg/db", configured.url());
        assertEquals("cfguser", configured.user());
        assertEquals("cfgpw", configured.password());
        assertFalse(configured.embedded());
    }

    @Test
    void passwordsNeverShowInUrlsMessagesOrToString() {
        DatabaseSettings settings = DatabaseSettings.from(
                config("jdbc:postgresql://db:5432/labd?user=x&password=hunter2&ssl=true", "x", "S3cr3t!", "", 10), Map.of(), DATA);
        assertEquals("jdbc:postgresql://db:5432/labd?user=x&password=****&ssl=true", settings.displayUrl());
        assertEquals("login with **** failed", settings.redact("login with S3cr3t! failed"));
        assertFalse(settings.toString().contains("S3cr3t!"));
        assertFalse(settings.toString().contains("hunter2"));
    }

    @Test
    void badValuesAreRefusedNamingTheKeyWithoutTheSecret() {
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
                () -> DatabaseSettings.from(config("mysql://db?password=topsecret", "", "", "", 10), Map.of(), DATA));
        assertTrue(url.getMessage().startsWith("labd.db.url must start with jdbc:postgresql:"), url.getMessage());
        assertFalse(url.getMessage().contains("topsecret"), url.getMessage());

        IllegalArgumentException pool = assertThrows(IllegalArgumentException.class,
                () -> DatabaseSettings.from(config("", "", "", "", 0), Map.of(), DATA));
        assertEquals("pool.size must be between 1 and 500, got 0", pool.getMessage());
    }

    private static DatabaseConfiguration config(String url, String user, String password, String dir, int pool) {
        return new DatabaseConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DatabaseConfiguration.class;
            }

            @Override
            public String labd_db_url() {
                return url;
            }

            @Override
            public String labd_db_user() {
                return user;
            }

            @Override
            public String labd_db_password() {
                return password;
            }

            @Override
            public String embedded_dir() {
                return dir;
            }

            @Override
            public int pool_size() {
                return pool;
            }

            @Override
            public int connect_timeout_ms() {
                return 3000;
            }

            @Override
            public int retry_max_ms() {
                return 5000;
            }
        };
    }
}
