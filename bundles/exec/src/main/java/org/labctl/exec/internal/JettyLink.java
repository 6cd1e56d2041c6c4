package org.labctl.exec.internal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.BatchMode;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WebSocketListener;

/**
 * A WebSocket labd accepted (an agent's, or labctl's exec stream) as a {@link Link}: sends are
 * queued by Jetty without blocking, one caller at a time, and not batched (interactive sessions
 * want every keystroke's echo at once).
 */
abstract class JettyLink implements WebSocketListener, Link {

    private volatile Session session;

    @Override
    public void onWebSocketConnect(Session connected) {
        this.session = connected;
        connected.getRemote().setBatchMode(BatchMode.OFF);
    }

    @Override
    public synchronized void text(String frame) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.getRemote().sendString(frame, null);
        }
    }

    @Override
    public synchronized void binary(ByteBuffer frame) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.getRemote().sendBytes(frame, null);
        }
    }

    public void close(int code, String reason) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(code, reason);
        }
    }
}
