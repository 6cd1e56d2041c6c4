package org.labctl.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The global options that say which labd to talk to and how patiently. They are inherited by
 * every subcommand, so {@code labctl --config F status} and {@code labctl status --config F} both work.
 */
public final class ConfigMixin {

    private final ClientConfigLoader loader;
    private final Session session;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = {"The labctl config file. Default: $LABCTL_CONFIG,", "else ~/.config/labctl/config.yaml."})
    private Path configFile;

    @Option(names = "--request-timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT, defaultValue = "30s",
            converter = DurationConverter.class,
            description = {"How long to wait for labd's answer, such as 30s", "or 2m; 0 waits forever. Default: ${DEFAULT-VALUE}."})
    private Duration requestTimeout;

    public ConfigMixin(ClientConfigLoader loader, Session session) {
        this.loader = loader;
        this.session = session;
    }

    /** Where the config comes from, without reading it. */
    public ClientConfigLoader.Location location() {
        return loader.locate(configFile);
    }

    /** The config, read and checked. */
    public ClientConfig config() {
        return loader.read(location().path());
    }

    /** A client for the configured labd. */
    public LabdClient connect() {
        return connect(config());
    }

    /** This invocation's session id, which every request to labd carries. */
    public String sessionId() {
        return session.id();
    }

    /** A client for the labd of {@code config}, already read; its requests carry this invocation's session id. */
    public LabdClient connect(ClientConfig config) {
        return LabdClient.connect(config, requestTimeout, session.id());
    }
}
