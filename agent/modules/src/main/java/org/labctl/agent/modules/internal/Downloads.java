package org.labctl.agent.modules.internal;

import java.io.IOException;
import java.nio.file.Path;

/** Where a module's files come from: labd ({@link LabdClient}). */
interface Downloads {

    /**
     * Writes the file's bytes to {@code target} (atomically: the file appears whole or not at all),
     * verified against its pinned size and SHA-256.
     *
     * @throws org.labctl.api.Conflict when the bytes are not the pinned ones (the message names the file,
     *         the expected and the actual digest)
     */
    void download(ModuleFile file, Path target) throws IOException, InterruptedException;
}
