package org.labctl.exec.internal;

import java.io.IOException;
import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.websocket.servlet.WebSocketServlet;

/**
 * A Jetty WebSocket servlet inside this bundle: Jetty finds its WebSocket implementation through
 * the thread context class loader, which must be this bundle's (DESIGN.md pitfall 5).
 */
abstract class BundleWebSocketServlet extends WebSocketServlet {

    private static final long serialVersionUID = 1L;

    @Override
    public void init(ServletConfig config) throws ServletException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(BundleWebSocketServlet.class.getClassLoader());
        try {
            super.init(config);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(BundleWebSocketServlet.class.getClassLoader());
        try {
            super.service(request, response);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
