package org.labctl.api.session;

import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One session on the agent: a command, a log being read, a call to the bastion. The agent's
 * dispatcher starts it and hands it its frames.
 */
@ConsumerType
public interface AgentSession {

    /** Starts it and sends {@code started}, or sends {@code error}; never throws for a bad request. */
    void start();

    /** Whether it runs (started, and {@code exit} not yet sent). */
    boolean isRunning();

    /** An inbound control frame of this session (eof, signal, window, resize, abort). */
    void accept(ExecFrame frame);

    /** An inbound data frame of this session. */
    void accept(ExecData data);

    /** The client is gone: stop, and still end with {@code exit}. */
    void abort();
}
