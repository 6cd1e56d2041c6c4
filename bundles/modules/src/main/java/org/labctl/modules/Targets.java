package org.labctl.modules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Labels;
import org.labctl.api.ServerInfo;
import org.labctl.modules.internal.Text;

/**
 * The servers a module runs on ({@code module.yaml}'s {@code targets}): a server is targeted when its role
 * is one of {@code roles} (or no roles are given) and it carries every label of {@code labels} with that
 * value; or, with {@code all: true}, every server. Something must be said: a module that names neither
 * roles, labels nor {@code all} is refused, so that no module lands on every server by an omission.
 *
 * @param all    every server (then neither roles nor labels)
 * @param roles  the roles of the servers targeted, any of them (unmodifiable, possibly empty)
 * @param labels the labels a targeted server carries, all of them (unmodifiable, sorted, possibly empty)
 */
public record Targets(boolean all, List<String> roles, Map<String, String> labels) {

    /** What a role is: as a label value (a server's role is its {@code role} label), not empty. */
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
    private static final int MAX_ROLES = 64;

    /** Checks every role and label; throws {@link InvalidArgument} naming the field ({@code targets.roles[1]}). */
    public Targets {
        roles = roles == null ? List.of() : new ArrayList<>(roles);
        if (roles.size() > MAX_ROLES) {
            throw new InvalidArgument("targets.roles: " + roles.size() + " roles; at most " + MAX_ROLES);
        }
        Set<String> seen = new HashSet<>();
        // each one checked (null included) before the list is kept
        for (int i = 0; i < roles.size(); i++) {
            String role = roles.get(i);
            if (role == null || !ROLE.matcher(role).matches()) {
                throw new InvalidArgument("targets.roles[" + i + "]: " + Text.quote(role) + " is not a role: 1 to 63 letters, "
                        + "digits, '.', '_' and '-', starting and ending with a letter or digit");
            }
            if (!seen.add(role)) {
                throw new InvalidArgument("targets.roles: " + Text.quote(role) + " is given twice");
            }
        }
        try {
            labels = Collections.unmodifiableMap(new TreeMap<>(Labels.validate(labels)));
        } catch (InvalidArgument e) {
            throw new InvalidArgument("targets.labels: " + e.getMessage());
        }
        if (all && (!roles.isEmpty() || !labels.isEmpty())) {
            throw new InvalidArgument("targets: all: true targets every server; drop it, or drop roles and labels");
        }
        if (!all && roles.isEmpty() && labels.isEmpty()) {
            throw new InvalidArgument("targets: name the servers the module runs on: roles: [ROLE, ...], labels: {KEY: VALUE}, "
                    + "or all: true for every server");
        }
        roles = List.copyOf(roles);
    }

    /** Every server. */
    public static Targets everyServer() {
        return new Targets(true, List.of(), Map.of());
    }

    /** The servers with one of the roles (any role when none is given) and all of the labels. */
    public static Targets of(List<String> roles, Map<String, String> labels) {
        return new Targets(false, roles, labels);
    }

    /**
     * Whether a server with this role and these labels is targeted.
     *
     * @param role   the server's role, or null when it has none (then only {@code all} and label-only
     *               targets can match)
     * @param labels the server's labels (null for none)
     */
    public boolean matches(String role, Map<String, String> labels) {
        if (all) {
            return true;
        }
        if (!roles.isEmpty() && (role == null || !roles.contains(role))) {
            return false;
        }
        for (Map.Entry<String, String> label : this.labels.entrySet()) {
            if (labels == null || !label.getValue().equals(labels.get(label.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The servers targeted, in the order given.
     *
     * @param role   a server's role (null for none)
     * @param labels a server's labels
     */
    public <S> List<S> select(Collection<S> servers, Function<? super S, String> role,
                              Function<? super S, Map<String, String>> labels) {
        List<S> selected = new ArrayList<>();
        for (S server : servers) {
            if (matches(role.apply(server), labels.apply(server))) {
                selected.add(server);
            }
        }
        return selected;
    }

    /** The servers targeted, in the order given. */
    public List<ServerInfo> select(Collection<ServerInfo> servers) {
        return select(servers, ServerInfo::role, ServerInfo::labels);
    }

    /** In words, for messages: {@code every server}, {@code role worker or infra with labels ntp=true}. */
    @Override
    public String toString() {
        if (all) {
            return "every server";
        }
        StringBuilder text = new StringBuilder();
        if (!roles.isEmpty()) {
            text.append(roles.size() == 1 ? "role " : "roles ").append(String.join(" or ", roles));
        }
        if (!labels.isEmpty()) {
            text.append(roles.isEmpty() ? "servers with " : " with ").append(labels.size() == 1 ? "label " : "labels ");
            List<String> pairs = new ArrayList<>();
            labels.forEach((key, value) -> pairs.add(key + "=" + value));
            text.append(String.join(",", pairs));
        }
        return text.toString();
    }
}
