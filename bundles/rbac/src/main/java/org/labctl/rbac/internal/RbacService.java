package org.labctl.rbac.internal;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.CanIAnswer;
import org.labctl.api.Caller;
import org.labctl.api.Conflict;
import org.labctl.api.CreateRoleRequest;
import org.labctl.api.Failure;
import org.labctl.api.InvalidArgument;
import org.labctl.api.LabException;
import org.labctl.api.NotFoundException;
import org.labctl.api.Permission;
import org.labctl.api.PermissionDenied;
import org.labctl.api.PermissionsInfo;
import org.labctl.api.RoleInfo;
import org.labctl.core.Access;
import org.labctl.core.Authorizer;
import org.labctl.core.Database;
import org.labctl.core.Gate;
import org.labctl.core.ResourceKind;
import org.labctl.core.UserUse;
import org.labctl.core.Users;
import org.labctl.rbac.Decision;
import org.labctl.rbac.Policy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Roles, bindings and the decisions made with them. A user's policy is the union of the rules of
 * the roles bound to them, read from the database and kept for {@code cache.ms} (changes made
 * through this labd apply at once, those made through another instance within that time). Nobody
 * creates a role with an allow they do not hold, or binds or unbinds a role granting more than
 * they hold, or changes a user's roles so that the user may then do something they may not (an
 * unbound deny widens like a bound allow); the last binding of role admin cannot be removed.
 */
@Component(name = "org.labctl.rbac", service = {Authorizer.class, RbacService.class, UserUse.class}, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RbacService.Configuration.class)
public class RbacService implements Authorizer, UserUse {

    private static final Logger LOG = LoggerFactory.getLogger(RbacService.class);
    static final String ADMIN_ROLE = "admin";
    private static final String ADMIN_USER = "admin";
    private static final Pattern ROLE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern KIND_NAME = Pattern.compile("([a-z]+)/(.+)");

    @ObjectClassDefinition(name = "labd RBAC")
    public @interface Configuration {
        @AttributeDefinition(name = "Policy cache (ms)",
                description = "How long a user's rules are reused before they are read again; changes made through another labd instance apply within it")
        int cache_ms() default 1000;
    }

    /** A user's policy and the names of the roles it comes from, as read at {@code loadedAt}. */
    private record Cached(Policy policy, List<String> roles, long loadedAt) {
    }

    private final Database database;
    private final Gate gate;
    private final Users users;
    private final SqlSessionFactory sessions;
    private final long cacheNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Activate
    public RbacService(@Reference Database database, @Reference Gate gate, @Reference Users users, Configuration config) {
        if (config.cache_ms() < 0) {
            throw new IllegalArgumentException("cache.ms must not be negative, got " + config.cache_ms());
        }
        this.database = database;
        this.gate = gate;
        this.users = users;
        this.sessions = database.sessionFactory(RbacMapper.class);
        this.cacheNanos = config.cache_ms() * 1_000_000L;
    }

    // ---- users (ca tells) ----

    /** labd's first administrator, user admin, holds role admin. */
    @Override
    public void created(String user, String createdBy, SqlSession transaction) {
        if (ADMIN_USER.equals(user) && "labd".equals(createdBy)) {
            database.join(transaction, sessions, s -> s.getMapper(RbacMapper.class).bind(ADMIN_ROLE, user, "labd"));
            invalidate();
        }
    }

    /** The last user bound to role admin cannot go; a user's bindings go with the user (the foreign key). */
    @Override
    public void release(String user, String why, SqlSession transaction) {
        if (database.join(transaction, sessions, s -> s.getMapper(RbacMapper.class).lastAdmin(user))) {
            throw new Conflict("user " + user + " is the last one bound to role admin: bind another user to admin first");
        }
        invalidate();
    }

    // ---- decisions ----

    @Override
    public Access access(Caller caller) {
        Cached held = caller.kind() == Caller.Kind.USER ? held(caller.name()) : new Cached(Policy.EMPTY, List.of(), 0);
        Policy policy = held.policy();
        return new Access() {
            @Override
            public Caller caller() {
                return caller;
            }

            @Override
            public Verdict check(String action, String cloud, String environment, String name) {
                Decision decision = policy.decide(action, cloud, environment, name);
                return decision.allowed() ? Verdict.ALLOWED : new Verdict(false, decision.message());
            }

            @Override
            public boolean holds(String action, String cloud, String environment, String name) {
                return policy.holds(new Permission(action, cloud, environment, name));
            }

            @Override
            public List<String> roles() {
                return held.roles();
            }
        };
    }

    /** The user's current policy (cached for {@code cache.ms}). */
    Policy policy(String user) {
        return held(user).policy();
    }

    private Cached held(String user) {
        long now = System.nanoTime();
        Cached cached = cache.get(user);
        if (cached != null && now - cached.loadedAt() < cacheNanos) {
            return cached;
        }
        List<RbacMapper.Rule> rules = database.transaction(sessions, s -> s.getMapper(RbacMapper.class).rulesOfUser(user));
        Cached loaded = new Cached(compile(rules), rules.stream().map(RbacMapper.Rule::role).distinct().sorted().toList(), now);
        cache.put(user, loaded);
        return loaded;
    }

    private static Policy compile(List<RbacMapper.Rule> rules) {
        List<Permission> allows = new ArrayList<>();
        List<Permission> denies = new ArrayList<>();
        for (RbacMapper.Rule rule : rules) {
            Permission permission = new Permission(rule.action(), rule.cloud(), rule.environment(), rule.name());
            ("deny".equals(rule.effect()) ? denies : allows).add(permission);
        }
        return Policy.of(allows, denies);
    }

    /**
     * {@code labctl auth can-i ACTION KIND/NAME}: the gate's answer to the real request, so that it
     * agrees with REST and streams (unknown and unreadable servers alike), with, when allowed, the
     * rule that allows it.
     */
    public CanIAnswer canI(Caller caller, String action, String resource) {
        if (action == null || !(Permission.ACTIONS.contains(action) || "*".equals(action))) {
            throw new InvalidArgument("action must be one of " + String.join(", ", Permission.ACTIONS) + ", not '" + action + "'");
        }
        var m = KIND_NAME.matcher(resource == null ? "" : resource.trim());
        if (!m.matches()) {
            throw new InvalidArgument("resource must be kind/name, like server/web-1, environment/baremetal/lab or users/all; got '"
                    + resource + "'");
        }
        Gate.Decision decision = gate.decide(caller, new Gate.Request(kind(m.group(1)), action, m.group(2)));
        if (decision.allowed()) {
            ResourceKind.Address where = decision.where();
            return new CanIAnswer(true, decision.permission(),
                    policy(caller.name()).decide(action, where.cloud(), where.environment(), where.name()).message());
        }
        if (decision.failure() != Failure.PERMISSION_DENIED && decision.failure() != Failure.NOT_FOUND) {
            throw LabException.of(decision.failure(), decision.reason());
        }
        return new CanIAnswer(false, decision.permission(), decision.reason());
    }

    /** The kind named in can-i: its name, or its plural ({@code servers}, {@code users/all}). */
    private String kind(String named) {
        if (named.endsWith("s") && !gate.kinds().contains(named)) {
            String singular = named.substring(0, named.length() - 1);
            if (gate.kinds().contains(singular)) {
                return singular;
            }
        }
        return named;
    }

    // ---- roles ----

    public List<RoleInfo> roles() {
        return database.transaction(sessions, s -> {
            RbacMapper mapper = s.getMapper(RbacMapper.class);
            return assemble(mapper.roles(), mapper.allRules(), mapper.bindings());
        });
    }

    public RoleInfo role(String name) {
        return roles().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("role " + name + " not found (labctl get roles lists them)"));
    }

    public RoleInfo create(Caller caller, CreateRoleRequest request) {
        if (request == null) {
            throw new InvalidArgument("send {\"name\": …, \"allows\": […], \"denies\": […]} (labctl create role does)");
        }
        String name = roleName(request.name());
        List<Permission> allows = parse(request.allows());
        List<Permission> denies = parse(request.denies());
        if (allows.isEmpty() && denies.isEmpty()) {
            throw new InvalidArgument("a role needs at least one --allow or --deny rule");
        }
        Policy mine = policy(caller.name());
        for (Permission allow : allows) {
            if (!mine.holds(allow)) {
                throw new PermissionDenied("you cannot create a role that allows " + allow + ": you do not hold it yourself "
                        + "(labctl get permissions shows what you hold)");
            }
        }
        database.transaction(sessions, s -> {
            RbacMapper mapper = s.getMapper(RbacMapper.class);
            if (mapper.insertRole(name, blank(request.description()), caller.name()) == 0) {
                throw new Conflict("role " + name + " already exists: delete it first, or pick another name");
            }
            for (Permission allow : allows) {
                mapper.insertRule(name, "allow", allow.action(), allow.cloud(), allow.environment(), allow.name());
            }
            for (Permission deny : denies) {
                mapper.insertRule(name, "deny", deny.action(), deny.cloud(), deny.environment(), deny.name());
            }
            return null;
        });
        LOG.info("Role {} created by {}: allow {} deny {}", name, caller.name(), allows, denies);
        return role(name);
    }

    public RoleInfo delete(Caller caller, String name) {
        RoleInfo role = role(name);
        if (role.builtin()) {
            throw new InvalidArgument("role " + name + " is built in and cannot be deleted");
        }
        requireHolds(caller, role, "delete");
        database.transaction(sessions, s -> {
            RbacMapper mapper = s.getMapper(RbacMapper.class);
            if (mapper.bindingCount(name) > 0) {
                throw new Conflict("role " + name + " is bound to " + String.join(", ", role.users())
                        + ": unbind it first (labctl unbind role " + name + " --user USER)");
            }
            mapper.deleteRole(name);
            return null;
        });
        invalidate();
        return role;
    }

    public RoleInfo bind(Caller caller, String roleName, String user) {
        RoleInfo role = role(roleName);
        String target = userName(user);
        requireHolds(caller, role, "bind");
        if (!users.exists(target)) {
            throw new NotFoundException("user " + target + " not found (labctl get users lists them)");
        }
        database.transaction(sessions, s -> {
            RbacMapper mapper = s.getMapper(RbacMapper.class);
            Policy mine = compile(mapper.rulesOfUser(caller.name()));
            Policy before = compile(mapper.rulesOfUser(target));
            if (mapper.bind(roleName, target, caller.name()) == 0) {
                throw new Conflict("role " + roleName + " is already bound to " + target);
            }
            requireNoWidening(mine, before, compile(mapper.rulesOfUser(target)), "bind role " + roleName + " to", target);
            return null;
        });
        invalidate();
        LOG.info("Role {} bound to {} by {}", roleName, target, caller.name());
        return role(roleName);
    }

    public RoleInfo unbind(Caller caller, String roleName, String user) {
        RoleInfo role = role(roleName);
        String target = userName(user);
        requireHolds(caller, role, "unbind");
        database.transaction(sessions, s -> {
            RbacMapper mapper = s.getMapper(RbacMapper.class);
            if (ADMIN_ROLE.equals(roleName) && mapper.bindingCount(roleName) <= 1 && role.users().contains(target)) {
                throw new Conflict("user " + target + " holds the last binding of role admin: bind another user to admin first");
            }
            Policy mine = compile(mapper.rulesOfUser(caller.name()));
            Policy before = compile(mapper.rulesOfUser(target));
            if (mapper.unbind(roleName, target) == 0) {
                throw new NotFoundException("role " + roleName + " is not bound to " + target);
            }
            requireNoWidening(mine, before, compile(mapper.rulesOfUser(target)), "unbind role " + roleName + " from", target);
            return null;
        });
        invalidate();
        LOG.info("Role {} unbound from {} by {}", roleName, target, caller.name());
        return role(roleName);
    }

    /** A user's effective permissions; another user's need read on roles. */
    public PermissionsInfo permissions(Caller caller, String user) {
        String target = user == null || user.isBlank() ? caller.name() : userName(user);
        if (!target.equals(caller.name())) {
            Decision decision = policy(caller.name()).decide("read", "*", "*", "roles");
            if (!decision.allowed()) {
                throw new PermissionDenied("reading another user's permissions needs read:*:*:roles (" + decision.message() + ")");
            }
        }
        if (!users.exists(target)) {
            throw new NotFoundException("user " + target + " not found");
        }
        return database.transaction(sessions, s -> {
            RbacMapper mapper = s.getMapper(RbacMapper.class);
            List<RbacMapper.Rule> rules = mapper.rulesOfUser(target);
            return new PermissionsInfo(target, mapper.rolesOfUser(target),
                    rules.stream().filter(r -> "allow".equals(r.effect())).map(RbacMapper.Rule::permission).distinct().toList(),
                    rules.stream().filter(r -> "deny".equals(r.effect())).map(RbacMapper.Rule::permission).distinct().toList());
        });
    }

    private void requireHolds(Caller caller, RoleInfo role, String verb) {
        Policy mine = policy(caller.name());
        for (String allow : role.allows()) {
            if (!mine.holds(Permission.parse(allow))) {
                throw new PermissionDenied("you cannot " + verb + " role " + role.name() + ": it allows " + allow
                        + ", which you do not hold yourself");
            }
        }
    }

    /**
     * The no-escalation rule on effective permissions: a change to a user's roles may give them no
     * request the caller may not make. Removing a deny widens exactly like adding an allow, so this
     * holds for unbinding as for binding, for oneself as for others. Runs inside the change's
     * transaction, which its exception rolls back.
     */
    private static void requireNoWidening(Policy caller, Policy before, Policy after, String change, String target) {
        after.widening(before, caller).ifPresent(gained -> {
            throw new PermissionDenied("you cannot " + change + " " + target + ": it would let " + target + " do " + gained
                    + ", which you may not do yourself (labctl get permissions shows what you hold)");
        });
    }

    private void invalidate() {
        cache.clear();
    }

    private static List<RoleInfo> assemble(List<RbacMapper.RoleRow> rows, List<RbacMapper.Rule> rules, List<RbacMapper.Binding> bindings) {
        Map<String, List<String>> allows = new LinkedHashMap<>();
        Map<String, List<String>> denies = new LinkedHashMap<>();
        Map<String, List<String>> users = new LinkedHashMap<>();
        for (RbacMapper.Rule rule : rules) {
            ("deny".equals(rule.effect()) ? denies : allows).computeIfAbsent(rule.role(), k -> new ArrayList<>()).add(rule.permission());
        }
        for (RbacMapper.Binding binding : bindings) {
            users.computeIfAbsent(binding.role(), k -> new ArrayList<>()).add(binding.user());
        }
        return rows.stream().map(r -> new RoleInfo(r.name(), r.description(), r.builtin(), allows.getOrDefault(r.name(), List.of()),
                denies.getOrDefault(r.name(), List.of()), users.getOrDefault(r.name(), List.of()), r.createdBy(),
                r.createdAt() == null ? null : r.createdAt().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))).toList();
    }

    private static List<Permission> parse(List<String> rules) {
        if (rules == null) {
            return List.of();
        }
        LinkedHashSet<Permission> parsed = new LinkedHashSet<>();
        for (String rule : rules) {
            parsed.add(Permission.parse(rule));
        }
        return List.copyOf(parsed);
    }

    static String roleName(String name) {
        if (name == null || !ROLE_NAME.matcher(name).matches()) {
            throw new InvalidArgument("role name '" + (name == null ? "" : name) + "' is not valid: lower-case letters, digits, "
                    + "'.', '_' and '-', starting with a letter or digit, at most 63 characters");
        }
        return name;
    }

    private static String userName(String user) {
        if (user == null || user.isBlank()) {
            throw new InvalidArgument("which user? (--user NAME)");
        }
        return user.trim();
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
