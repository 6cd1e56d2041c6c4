package org.labctl.agent.internal;

import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;

/**
 * One session of the exec protocol on this agent: a command ({@link ExecRunner}) or a log file
 * being read ({@link FileStreamer}). {@link ExecSessions} starts it and hands it its frames.
 */
interface AgentSession {

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
