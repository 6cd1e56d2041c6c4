package org.labctl.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.servlet.Servlet;
import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.ws.rs.core.Application;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.jaxrs.servlet.CXFNonSpringJaxrsServlet;
import org.apache.cxf.transport.DestinationFactoryManager;
import org.apache.cxf.transport.http.DestinationRegistry;
import org.apache.cxf.transport.http.DestinationRegistryImpl;
import org.apache.cxf.transport.http.HTTPTransportFactory;
import org.labctl.core.Gate;
import org.labctl.core.RestEndpoint;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.dto.FailedServletDTO;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.osgi.service.http.runtime.dto.ServletContextDTO;
import org.osgi.service.http.runtime.dto.ServletDTO;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every {@link RestEndpoint} service under {@code /api/v1} through one CXF JAX-RS servlet
 * registered with the HTTP whiteboard. When endpoints come or go (a bundle is deployed or
 * removed), a new JAX-RS application is built with the new set after a short quiet period and
 * swapped in behind the servlet that stays registered ({@link ApiFront}): a request never meets a
 * moment without the API, as it did while a servlet was unregistered and the next one registered.
 *
 * <p>Every few seconds it checks, through the whiteboard's {@link HttpServiceRuntime}, that the
 * servlet is live in a servlet context, and registers it again when two checks in a row found it
 * not: pax-web 8.0.34 once, as labd restarted, logged "No matching target context(s)" for it and
 * never retried, and the API answered 404 until labd restarted again.
 */
@Component(immediate = true)
public class RestServer {

    static final String API_PATTERN = "/api/v1/*";
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
    private static final long QUIET_PERIOD_MS = 150;
    static final String SERVLET_NAME = "labd-api";
    /** How often the servlet is checked to be live. */
    private static final long CHECK_EVERY_MS = 3000;
    private static final int MAX_REREGISTRATIONS = 5;

    private final BundleContext context;
    private final Set<RestEndpoint> endpoints = new CopyOnWriteArraySet<>();
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "labd-rest-publisher");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    private ScheduledFuture<?> pending;
    /** Checks in a row that found the servlet not live, and how often it was registered again. */
    private int missed;
    private int reregistered;
    /** Whether a check found the current registration live. */
    private boolean confirmed;
    private ServiceRegistration<Servlet> registration;
    /** The registered servlet; it keeps its place while the endpoints it serves change. */
    private ApiFront front;
    private boolean active;

    private final AtomicReference<HttpServiceRuntime> runtime = new AtomicReference<>();
    private final AuditService audit;
    private final Gate gate;

    @Activate
    public RestServer(BundleContext context, @Reference AuditService audit, @Reference Gate gate) {
        this.context = context;
        this.audit = audit;
        this.gate = gate;
        synchronized (lock) {
            active = true;
            schedulePublish();
        }
        publisher.scheduleWithFixedDelay(this::check, CHECK_EVERY_MS, CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEndpoint(RestEndpoint endpoint) {
        endpoints.add(endpoint);
        synchronized (lock) {
            schedulePublish();
        }
    }

    void removeEndpoint(RestEndpoint endpoint) {
        endpoints.remove(endpoint);
        synchronized (lock) {
            schedulePublish();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setRuntime(HttpServiceRuntime service) {
        runtime.set(service);
    }

    void unsetRuntime(HttpServiceRuntime service) {
        runtime.compareAndSet(service, null);
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            active = false;
            if (pending != null) {
                pending.cancel(false);
            }
        }
        publisher.shutdownNow();
        unregister();
    }

    private void schedulePublish() {
        if (!active) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        pending = publisher.schedule(this::publish, QUIET_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void publish() {
        Set<Object> singletons = new LinkedHashSet<>(endpoints);
        singletons.add(jsonProvider());
        // every request passes the access filter: declared permission, authorization, audit row
        singletons.add(new AccessFilter.Start(audit));
        singletons.add(new AccessFilter(gate, audit));
        // once authorized, before the body is read: the endpoint's own body limit
        singletons.add(new BodyLimitFilter());
        ApiApplication application = new ApiApplication(singletons);
        synchronized (lock) {
            if (!active) {
                return;
            }
            if (registration != null) {
                // the registered servlet stays; requests from now on go to the new application
                try {
                    front.use(application);
                } catch (ServletException | RuntimeException e) {
                    LOG.error("cannot build the REST API with {} endpoint(s); the previous set still answers",
                            endpoints.size(), e);
                    return;
                }
                LOG.info("REST API at /api/v1 now has {} endpoint(s)", endpoints.size());
                return;
            }
        }
        register(application);
    }

    /** Registers a new servlet with the whiteboard that serves {@code application} once initialised. */
    private void register(ApiApplication application) {
        unregister();
        synchronized (lock) {
            if (!active) {
                return;
            }
            front = new ApiFront(application);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, API_PATTERN);
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, SERVLET_NAME);
            props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED, Boolean.TRUE);
            registration = context.registerService(Servlet.class, front, props);
            confirmed = false;
        }
        LOG.info("REST API published at /api/v1 with {} endpoint(s)", endpoints.size());
    }

    /**
     * Registers the servlet again when two checks in a row found it not live (see the class
     * comment); runs on the publisher thread, as publishing does.
     */
    private void check() {
        HttpServiceRuntime current = runtime.get();
        synchronized (lock) {
            if (!active || registration == null || current == null || (pending != null && !pending.isDone())) {
                missed = 0;
                return;
            }
        }
        String problem;
        try {
            problem = notLive(current.getRuntimeDTO(), SERVLET_NAME);
        } catch (RuntimeException e) {
            LOG.debug("cannot read the HTTP whiteboard's state: {}", e.toString());
            return;
        }
        if (problem == null) {
            if (!confirmed) {
                LOG.info("the HTTP whiteboard serves the REST API at /api/v1");
                confirmed = true;
            }
            missed = 0;
            return;
        }
        if (++missed < 2) {
            return;
        }
        missed = 0;
        if (reregistered >= MAX_REREGISTRATIONS) {
            if (reregistered++ == MAX_REREGISTRATIONS) {
                LOG.error("the REST API at /api/v1 is not served ({}) after {} registrations: restart labd", problem,
                        MAX_REREGISTRATIONS + 1);
            }
            return;
        }
        reregistered++;
        LOG.warn("the HTTP whiteboard did not make the REST API live ({}): registering it again", problem);
        try {
            ApiApplication application;
            synchronized (lock) {
                application = front == null ? null : front.application();
            }
            if (application != null) {
                register(application);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot register the REST API again: {}", e.toString());
        }
    }

    /** Why the servlet named {@code name} is not live in any servlet context, or null when it is. */
    static String notLive(RuntimeDTO state, String name) {
        for (ServletContextDTO servletContext : state.servletContextDTOs == null ? new ServletContextDTO[0]
                : state.servletContextDTOs) {
            for (ServletDTO servlet : servletContext.servletDTOs == null ? new ServletDTO[0] : servletContext.servletDTOs) {
                if (name.equals(servlet.name)) {
                    return null;
                }
            }
        }
        for (FailedServletDTO failed : state.failedServletDTOs == null ? new FailedServletDTO[0]
                : state.failedServletDTOs) {
            if (name.equals(failed.name)) {
                return "failure reason " + failed.failureReason;
            }
        }
        return "in no servlet context";
    }

    private void unregister() {
        ServiceRegistration<Servlet> previous;
        synchronized (lock) {
            previous = registration;
            registration = null;
        }
        if (previous != null) {
            try {
                previous.unregister();
            } catch (IllegalStateException alreadyGone) {
                LOG.debug("REST servlet was already unregistered");
            }
        }
    }

    static JacksonJsonProvider jsonProvider() {
        return new JsonBodies(mapper());
    }

    /**
     * How labd reads JSON bodies: within the bounds of {@link JsonBodies}, refusing duplicate keys
     * (which reader's value would count?) and anything after the one value; unknown properties are
     * ignored, so that older labd instances take newer clients' bodies.
     */
    static ObjectMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(JsonBodies.MAX_DEPTH)
                        .maxStringLength(JsonBodies.MAX_STRING_LENGTH)
                        .maxNameLength(JsonBodies.MAX_NAME_LENGTH)
                        .maxNumberLength(JsonBodies.MAX_NUMBER_LENGTH)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return new ObjectMapper(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The JAX-RS application: the endpoints as singletons. */
    static final class ApiApplication extends Application {
        private final Set<Object> singletons;

        ApiApplication(Set<Object> singletons) {
            this.singletons = Set.copyOf(singletons);
        }

        @Override
        public Set<Object> getSingletons() {
            return singletons;
        }
    }

    /**
     * The servlet registered with the whiteboard: it hands each request to the CXF servlet of the
     * current application. A new application's CXF servlet is initialised before it takes requests;
     * the one it replaces is destroyed once the requests it was serving have finished.
     */
    static final class ApiFront extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Object swap = new Object();
        private transient ApiApplication application;
        private transient ServletConfig config;
        private transient volatile Generation live;

        ApiFront(ApiApplication application) {
            this.application = application;
        }

        ApiApplication application() {
            synchronized (swap) {
                return application;
            }
        }

        @Override
        public void init(ServletConfig servletConfig) throws ServletException {
            super.init(servletConfig);
            synchronized (swap) {
                config = servletConfig;
                live = Generation.start(application, servletConfig);
            }
        }

        /** Serves {@code next} from now on (from the container's initialisation, if that is still to come). */
        void use(ApiApplication next) throws ServletException {
            Generation retired;
            synchronized (swap) {
                if (config == null) {
                    application = next;
                    return;
                }
                Generation started = Generation.start(next, config);
                application = next;
                retired = live;
                live = started;
            }
            if (retired != null) {
                retired.retire();
            }
        }

        /** As the container would call CXF's servlet: HttpServlet's own dispatch knows no PATCH. */
        @Override
        public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
            Generation serving = acquire();
            if (serving == null) {
                ((HttpServletResponse) response).sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "labd's API is starting");
                return;
            }
            try {
                serving.servlet.service(request, response);
            } finally {
                serving.release();
            }
        }

        private Generation acquire() {
            while (true) {
                Generation current = live;
                if (current == null || current.enter()) {
                    return current;
                }
            }
        }

        @Override
        public void destroy() {
            Generation last;
            synchronized (swap) {
                last = live;
                live = null;
                config = null;
            }
            if (last != null) {
                last.retire();
            }
            super.destroy();
        }
    }

    /**
     * One application's CXF servlet, with the requests it is serving. Each has a bus and a
     * destination registry of its own: CXF's OSGi transport shares one registry by default, where
     * the next application could not take the address "/" while the previous one still holds it.
     */
    static final class Generation {
        private final ApiServlet servlet;
        private final Bus bus;
        private final AtomicInteger serving = new AtomicInteger();
        private final AtomicBoolean destroyed = new AtomicBoolean();
        private volatile boolean retired;

        private Generation(ApiServlet servlet, Bus bus) {
            this.servlet = servlet;
            this.bus = bus;
        }

        static Generation start(ApiApplication application, ServletConfig config) throws ServletException {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(CXFNonSpringJaxrsServlet.class.getClassLoader());
            Bus bus = null;
            try {
                bus = BusFactory.newInstance().createBus();
                DestinationRegistry registry = new DestinationRegistryImpl();
                HTTPTransportFactory transport = new HTTPTransportFactory(registry);
                DestinationFactoryManager factories = bus.getExtension(DestinationFactoryManager.class);
                for (String namespace : HTTPTransportFactory.DEFAULT_NAMESPACES) {
                    factories.registerDestinationFactory(namespace, transport);
                }
                ApiServlet servlet = new ApiServlet(application, registry, bus);
                servlet.init(config);
                return new Generation(servlet, bus);
            } catch (ServletException | RuntimeException e) {
                if (bus != null) {
                    bus.shutdown(false);
                }
                throw e;
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        /** Counts a request in, unless this generation was retired meanwhile (the caller takes the next). */
        boolean enter() {
            serving.incrementAndGet();
            if (!retired) {
                return true;
            }
            release();
            return false;
        }

        void release() {
            if (serving.decrementAndGet() == 0 && retired) {
                destroyOnce();
            }
        }

        void retire() {
            retired = true;
            if (serving.get() == 0) {
                destroyOnce();
            }
        }

        private void destroyOnce() {
            if (destroyed.compareAndSet(false, true)) {
                try {
                    servlet.destroy();
                } finally {
                    bus.shutdown(true);
                }
            }
        }
    }

    /** CXF's servlet; {@link Generation#start} initialises it with CXF's class loader as context loader, so that its bus finds its extensions. */
    static final class ApiServlet extends CXFNonSpringJaxrsServlet {
        private static final long serialVersionUID = 1L;

        ApiServlet(Application application, DestinationRegistry registry, Bus bus) {
            super(application, registry, bus);
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response)
                throws ServletException, IOException {
            try {
                super.service(request, response);
            } finally {
                AuditScope.leave(); // whatever happened, the next request on this thread starts clean
            }
        }
    }
}
