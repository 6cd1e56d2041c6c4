package org.labctl.exec;

import java.util.Map;
import org.labctl.api.Caller;
import org.labctl.core.Gate;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of stream session labd relays (a start frame's {@code kind}): registered as an OSGi
 * service, with its name in the service property {@value #PROPERTY}, by the bundle that owns the
 * kind (commands by exec, logs by logs, bastion calls by provision). The relay knows no kind: it
 * asks the kind what a start means, has the {@link Gate} decide it, audits it with the kind's words
 * and carries the payload to the server's agent, whose handler of the same kind
 * ({@link org.labctl.api.session.SessionHandler}) serves it. A kind that is not registered (its
 * bundle stopped) is answered "not installed".
 */
@ConsumerType
public interface SessionKind {

    /** The service property that holds {@link #name()}. */
    String PROPERTY = "labctl.session";

    /** The kind's name, as start frames carry it ({@code exec}, {@code logs.journal}, {@code bastion}…). */
    String name();

    /**
     * What a start of this kind on {@code server} by {@code caller} means.
     *
     * @param payload the start frame's payload, JSON as maps, lists, strings, numbers and booleans
     * @throws org.labctl.api.InvalidArgument (or IllegalArgumentException) when the payload is not
     *         one of this kind: the client gets an invalid-argument error frame
     */
    Plan plan(Caller caller, String server, Map<String, Object> payload);

    /**
     * A start, as the relay needs it.
     *
     * @param request the request the gate decides (a server's resource kind, the action, the server
     *                and whether the action is checked on its whole environment)
     * @param verb    the audit row's verb ({@code EXEC}, {@code LOGS}, {@code BASTION})
     * @param command the audit row's command text, as a person would type it
     * @param doing   what the session does, for a refusal: {@code exec on server/web-1} (the relay
     *                says "permission denied: DOING needs PERMISSION (REASON)")
     * @param details what the session's audit row adds to its details (the command, the log…)
     * @param payload the payload the agent gets (the client's, or rewritten, such as who asks)
     */
    record Plan(Gate.Request request, String verb, String command, String doing, Map<String, Object> details,
                Map<String, Object> payload) {
    }
}
