package org.labctl.api.module;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The agent side of a module: what lab-agent calls to put the module's desired state on a server, to
 * check it and to take it off again. A bundle of the module registers it as an OSGi service with the
 * module's name in the service property {@value #PROPERTY}, for instance with Declarative Services:
 *
 * <pre>
 * &#64;Component(property = Module.PROPERTY + "=chrony")
 * public class Chrony implements Module { ... }
 * </pre>
 *
 * <p>The agent calls one method at a time for a module, never two at once, on a thread of its own (not
 * the OSGi framework's): a method may take its time, but should finish (a health check in seconds, an
 * install in minutes). Every method must be <b>idempotent</b>: the agent calls {@code install} and
 * {@code configure} again after it restarts, after an upgrade (the new version's, with the data
 * directory the old one left) and after a failure, and {@code remove} again when the first one failed.
 *
 * <p>A method that throws fails that step: the agent keeps running, records the exception's message
 * as the module's error (so make it say what went wrong and what to do) and reports the module failed;
 * nothing else on the server is touched. Write what the module does to {@link ModuleContext#log()}.
 */
@ConsumerType
public interface Module {

    /** The service property that holds the module's name, as {@code module.yaml} spells it. */
    String PROPERTY = "labctl.module";

    /**
     * Puts what the module needs on the server (packages, files, users, services), before the first
     * {@link #configure}. Called when the module comes to the server, again after an upgrade and
     * whenever the agent is unsure it ran: find out what is already there rather than assume.
     */
    void install(ModuleContext context) throws Exception;

    /**
     * Applies the module's parameters: after {@link #install} and whenever they change.
     *
     * @param parameters every parameter that has a value, by name: the values given to labd, else the
     *                   defaults of {@code module.yaml}, already checked against its schema (a
     *                   {@code string} is a {@link String}, an {@code integer} a {@link Long}, a
     *                   {@code number} a {@link Double}, a {@code boolean} a {@link Boolean}, a
     *                   {@code list} a {@link java.util.List} and a {@code map} a {@link Map} of such
     *                   values); unmodifiable
     */
    void configure(Map<String, Object> parameters, ModuleContext context) throws Exception;

    /**
     * How the module is doing on the server now: called after {@link #configure} and then periodically.
     * Should be quick and change nothing. An exception counts as {@link Health.Status#FAILED} with its
     * message.
     */
    Health health(ModuleContext context) throws Exception;

    /**
     * Takes off the server what {@link #install} and {@link #configure} put there, before the agent
     * uninstalls the module's bundles. After it returns the agent deletes the module's
     * {@link ModuleContext#dataDirectory() data directory}. Not called for an upgrade.
     */
    void remove(ModuleContext context) throws Exception;
}
