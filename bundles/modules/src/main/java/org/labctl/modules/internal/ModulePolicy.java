package org.labctl.modules.internal;

import java.util.Comparator;
import java.util.List;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Permission;
import org.labctl.api.PermissionDenied;
import org.labctl.api.ServerInfo;
import org.labctl.core.Access;
import org.labctl.modules.ModuleDescriptor;

/**
 * What a caller needs, besides {@code manage:*:*:modules} (which the gate checks), to put a module version in force
 * (add, upgrade, roll back): {@code apply} on every server it targets at that moment, and every permission its
 * module.yaml declares. A module whose targets match no server is refused: it would do nothing, and most likely its
 * selector is wrong. Refusals name a server only when the caller may read it; servers the caller may not read are
 * never named, counted or placed.
 */
public final class ModulePolicy {

    private ModulePolicy() {
    }

    /**
     * Checks that {@code access} may put {@code module} in force on {@code targeted}.
     *
     * @param targeted the servers its targets match now (all servers' placements, whoever may read them)
     * @throws InvalidArgument   when it has an agent side and its targets match no server
     * @throws PermissionDenied  naming the first readable server lacking {@code apply}, or saying that servers the
     *                           caller may not read are among its targets, or naming a declared permission
     */
    public static void mayApply(ModuleDescriptor module, List<ServerInfo> targeted, Access access) {
        if (module.targets() != null && !module.agentBundles().isEmpty()) {
            if (targeted.isEmpty()) {
                throw new InvalidArgument("module " + module.id() + " targets " + module.targets() + ", which matches no server: "
                        + "label a server for it (labctl label server/NAME KEY=VALUE) or fix targets in module.yaml, then add it again");
            }
            boolean hidden = false;
            for (ServerInfo server : targeted.stream().sorted(Comparator.comparing(ServerInfo::name)).toList()) {
                String environment = server.environment() == null ? Permission.NO_ENVIRONMENT : server.environment();
                Access.Verdict verdict = access.check("apply", server.cloud(), environment, server.name());
                if (verdict.allowed()) {
                    continue;
                }
                if (access.allows("read", server.cloud(), environment, server.name())) {
                    String needed = "apply:" + server.cloud() + ":" + environment + ":" + server.name();
                    throw new PermissionDenied("permission denied: module " + module.name() + " targets server " + server.name()
                            + " (" + module.targets() + "), and putting it there needs " + needed
                            + (verdict.reason() == null || verdict.reason().contains(needed) ? "" : ": " + verdict.reason()));
                }
                hidden = true;
            }
            if (hidden) {
                throw new PermissionDenied("permission denied: module " + module.name() + " targets " + module.targets()
                        + ", which includes servers you may not read; putting it in force needs apply on every server it targets");
            }
        }
        for (Permission permission : module.permissions()) {
            if (!access.holds(permission.action(), permission.cloud(), permission.environment(), permission.name())) {
                throw new PermissionDenied("permission denied: module " + module.name() + " declares that putting it in force "
                        + "needs " + permission + ", which you do not hold");
            }
        }
    }
}
