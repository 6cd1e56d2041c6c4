package org.labctl.core.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.labctl.api.Caller;
import org.labctl.api.Failure;
import org.labctl.api.LabException;
import org.labctl.api.Permission;
import org.labctl.core.Access;
import org.labctl.core.Authorizer;
import org.labctl.core.Gate;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The gate ({@link Gate}): the registered {@link ResourceKind}s resolve names, the
 * {@link Authorizer} (rbac) decides, and refusals of kinds that look resources up are worded so
 * that unknown and hidden resources answer alike.
 */
@Component(service = Gate.class, immediate = true)
public final class GateService implements Gate {

    private final Map<String, ResourceKind> kinds = new ConcurrentHashMap<>();
    /** Kinds that were installed and went away, while they stay away. */
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private volatile Authorizer authorizer;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addKind(ResourceKind kind) {
        kinds.put(kind.name(), kind);
        gone.remove(kind.name());
    }

    void removeKind(ResourceKind kind) {
        if (kinds.remove(kind.name(), kind)) {
            gone.add(kind.name());
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setAuthorizer(Authorizer service) {
        authorizer = service;
    }

    void unsetAuthorizer(Authorizer service) {
        if (authorizer == service) {
            authorizer = null;
        }
    }

    @Override
    public Decision decide(Caller caller, Request request) {
        return decide(caller, request, kinds.get(request.kind()), authorizer, kinds.keySet());
    }

    @Override
    public Access access(Caller caller) {
        Authorizer current = authorizer;
        return current == null ? null : current.access(caller);
    }

    @Override
    public boolean uninstalled(String kind) {
        return gone.contains(kind) && !kinds.containsKey(kind);
    }

    @Override
    public Set<String> kinds() {
        return new TreeSet<>(kinds.keySet());
    }

    /** The decision, given the kind and the authorizer (either may be missing) and, for messages, the installed kinds. */
    static Decision decide(Caller caller, Request request, ResourceKind kind, Authorizer authorizer, Set<String> installed) {
        String wanted = request.action() + ":*:*:" + (request.name() == null ? Permission.ANY : request.name());
        if (caller == null) {
            return Decision.refuse(Failure.UNAUTHENTICATED, wanted, "a client certificate from labd's CA is required", null, null);
        }
        if (caller.kind() != Caller.Kind.USER) {
            return Decision.refuse(Failure.PERMISSION_DENIED, wanted, "an agent certificate reaches only the agent endpoints",
                    null, null);
        }
        if (kind == null) {
            return Decision.refuse(Failure.UNAVAILABLE, wanted, "'" + request.kind() + "' is not installed in this labd "
                    + "(its bundle is not running; installed kinds: " + String.join(", ", new TreeSet<>(installed)) + ")", null, null);
        }
        if (!Permission.ANY.equals(request.action()) && !kind.actions().contains(request.action())) {
            return Decision.refuse(Failure.INVALID_ARGUMENT, wanted, "'" + request.action() + "' does not apply to "
                    + kind.name() + " (" + String.join(", ", new TreeSet<>(kind.actions())) + " do)", null, null);
        }
        if (authorizer == null) {
            return Decision.refuse(Failure.UNAVAILABLE, wanted,
                    "authorization is not available yet (labd's rbac bundle is not running): try again shortly", null, null);
        }
        if (request.name() == null) {
            return Decision.allow(wanted, null, null); // a listing shows what the caller's access allows
        }
        ResourceKind.Address where;
        try {
            where = kind.locate(request.name());
        } catch (LabException e) {
            return Decision.refuse(e.failure(), wanted, e.getMessage(), null, null);
        }
        Access access = authorizer.access(caller);
        String action = request.action();
        if (!kind.looksUp()) {
            String target = request.wholeEnvironment() ? Permission.ANY : where.name();
            ResourceKind.Address address = new ResourceKind.Address(where.cloud(), where.environment(), target);
            Access.Verdict verdict = access.check(action, address.cloud(), address.environment(), address.name());
            return verdict.allowed() ? Decision.allow(address.permission(action), address.toString(), where)
                    : Decision.refuse(Failure.PERMISSION_DENIED, address.permission(action), reason(verdict, address.permission(action)),
                    address.toString(), where);
        }
        // a kind that looks its resources up: a caller who may not read one learns nothing of it
        // the resource's own name (a kind may take a longer form, such as CLOUD/ENV/NAME for one being created)
        String name = where == null ? request.name() : where.name();
        String target = request.wholeEnvironment() ? Permission.ANY : name;
        String resource = where == null ? "*:*:" + name : where.cloud() + ":" + where.environment() + ":" + name;
        if (where != null) {
            ResourceKind.Address address = new ResourceKind.Address(where.cloud(), where.environment(), target);
            Access.Verdict verdict = access.check(action, address.cloud(), address.environment(), address.name());
            if (verdict.allowed()) {
                return Decision.allow(address.permission(action), resource, where);
            }
            if (access.allows("read", where.cloud(), where.environment(), where.name())) {
                return Decision.refuse(Failure.PERMISSION_DENIED, address.permission(action),
                        reason(verdict, address.permission(action)), resource, where);
            }
        }
        // the answer names only what the caller asked for, as it would for a name that does not exist
        String hidden = where == null ? name : kind.concealedName(request.name(), where);
        String hiddenTarget = request.wholeEnvironment() ? Permission.ANY : hidden;
        String concealed = action + ":*:*:" + hiddenTarget;
        Access.Verdict verdict = access.check(action, "*", "*", hiddenTarget);
        if (access.holds("read", "*", "*", hidden)) {
            return Decision.refuse(Failure.NOT_FOUND, concealed, kind.describe(hidden) + " not found (" + kind.listing()
                    + " lists them)", resource, null);
        }
        return Decision.refuse(Failure.PERMISSION_DENIED, concealed, verdict.allowed() ? "this needs " + concealed
                : reason(verdict, concealed), resource, null);
    }

    private static String reason(Access.Verdict verdict, String permission) {
        return verdict.reason() == null ? "this needs " + permission : verdict.reason();
    }
}
