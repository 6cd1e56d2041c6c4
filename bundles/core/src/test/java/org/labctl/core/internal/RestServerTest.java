package org.labctl.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.osgi.service.http.runtime.dto.DTOConstants;
import org.osgi.service.http.runtime.dto.FailedServletDTO;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.osgi.service.http.runtime.dto.ServletContextDTO;
import org.osgi.service.http.runtime.dto.ServletDTO;

/** How {@link RestServer} reads the whiteboard's state to find out whether its servlet is live. */
class RestServerTest {

    private static ServletDTO servlet(String name) {
        ServletDTO servlet = new ServletDTO();
        servlet.name = name;
        return servlet;
    }

    private static ServletContextDTO context(ServletDTO... servlets) {
        ServletContextDTO context = new ServletContextDTO();
        context.name = "default";
        context.servletDTOs = servlets;
        return context;
    }

    @Test
    void liveWhenAContextHoldsTheServlet() {
        RuntimeDTO state = new RuntimeDTO();
        state.servletContextDTOs = new ServletContextDTO[] {context(servlet("labd-agent")), context(servlet("labd-api"))};
        assertNull(RestServer.notLive(state, "labd-api"));
    }

    @Test
    void aFailedServletIsReportedWithItsReason() {
        RuntimeDTO state = new RuntimeDTO();
        state.servletContextDTOs = new ServletContextDTO[] {context(servlet("labd-agent"))};
        FailedServletDTO failed = new FailedServletDTO();
        failed.name = "labd-api";
        failed.failureReason = DTOConstants.FAILURE_REASON_NO_SERVLET_CONTEXT_MATCHING;
        state.failedServletDTOs = new FailedServletDTO[] {failed};
        assertEquals("failure reason " + DTOConstants.FAILURE_REASON_NO_SERVLET_CONTEXT_MATCHING,
                RestServer.notLive(state, "labd-api"));
    }

    @Test
    void aServletInNoContextIsNotLive() {
        RuntimeDTO state = new RuntimeDTO();
        assertEquals("in no servlet context", RestServer.notLive(state, "labd-api"));
        state.servletContextDTOs = new ServletContextDTO[] {context()};
        assertEquals("in no servlet context", RestServer.notLive(state, "labd-api"));
    }
}
