package org.labctl.exec.internal;

import java.nio.ByteBuffer;
import org.labctl.api.Caller;

/**
 * The exec stream of one labctl invocation (or of another labd instance relaying its sessions
 * here): start frames and stdin in, output and exits out, many sessions multiplexed.
 */
final class ClientSocket extends JettyLink implements Relay.Client {

    private final Caller caller;
    private final String sessionHeader;
    private final String source;
    private final Relay exec;
    private volatile boolean gone;

    ClientSocket(Caller caller, String sessionHeader, String source, Relay exec) {
        this.caller = caller;
        this.sessionHeader = sessionHeader;
        this.source = source;
        this.exec = exec;
    }

    @Override
    public Caller caller() {
        return caller;
    }

    /** The labctl session (one invocation) from its header, for the audit log. */
    @Override
    public String sessionHeader() {
        return sessionHeader;
    }

    @Override
    public String source() {
        return source;
    }

    /** The connection closed: sessions that finish starting now are aborted at once. */
    @Override
    public boolean gone() {
        return gone;
    }

    @Override
    public void markGone() {
        gone = true;
    }

    /** Another labd instance relaying sessions it has authorized and audited. */
    @Override
    public boolean isPeer() {
        return caller.kind() == Caller.Kind.LABD;
    }

    @Override
    public void onWebSocketText(String message) {
        exec.fromClient(this, message);
    }

    @Override
    public void onWebSocketBinary(byte[] payload, int offset, int len) {
        // Jetty hands over a new array per message: relayed as it is, without a copy
        exec.fromClient(this, ByteBuffer.wrap(payload, offset, len).slice());
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        exec.clientGone(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // the close that follows says what matters
    }

    @Override
    public String describe() {
        return (isPeer() ? "labd instance " : "user ") + caller.name() + " from " + source;
    }
}
