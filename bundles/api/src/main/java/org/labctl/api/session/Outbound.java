package org.labctl.api.session;

import java.nio.ByteBuffer;
import org.labctl.api.ExecFrame;
import org.osgi.annotation.versioning.ProviderType;

/** Where a session's frames go, back to labd; called from several threads. */
@ProviderType
public interface Outbound {

    /** A data frame's payload for this session; the buffer belongs to the callee. */
    void data(int channel, ByteBuffer payload);

    void control(ExecFrame frame);
}
