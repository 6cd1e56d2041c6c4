package org.labctl.core;

import java.nio.file.Path;
import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/** Identity of this labd process. */
@ProviderType
public interface Labd {

    /** The labd version, such as {@code 0.1.0}. */
    String version();

    /** A random identifier of this process, new on every start. */
    String instanceId();

    /** When this labd process started. */
    Instant startedAt();

    /**
     * labd's data directory (embedded database, master key, TLS files): system property
     * {@code labd.data}, else {@code LABD_DATA}, else {@code <karaf.data>/labd}.
     */
    Path dataDirectory();
}
