package org.labctl.modules.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.Caller;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Permission;
import org.labctl.api.PermissionDenied;
import org.labctl.api.ServerInfo;
import org.labctl.core.Access;
import org.labctl.modules.ModuleDescriptor;

/** Who may put a module in force where: apply on every server it targets, and what its module.yaml declares. */
class ModulePolicyTest {

    /** Allow and deny rules as rbac reads them (a deny overrides). */
    private record Rules(List<Permission> allows, List<Permission> denies) implements Access {

        static Rules of(List<String> allows, List<String> denies) {
            return new Rules(allows.stream().map(Permission::parse).toList(), denies.stream().map(Permission::parse).toList());
        }

        @Override
        public Caller caller() {
            return new Caller(Caller.Kind.USER, "dave", "01");
        }

        @Override
        public Verdict check(String action, String cloud, String environment, String name) {
            for (Permission deny : denies) {
                if (deny.matches(action, cloud, environment, name)) {
                    return new Verdict(false, "denied by " + deny);
                }
            }
            for (Permission allow : allows) {
                if (allow.matches(action, cloud, environment, name)) {
                    return Verdict.ALLOWED;
                }
            }
            return new Verdict(false, "this needs " + action + ":" + cloud + ":" + environment + ":" + name);
        }

        @Override
        public boolean holds(String action, String cloud, String environment, String name) {
            Permission wanted = new Permission(action, cloud, environment, name);
            return allows.stream().anyMatch(a -> a.covers(wanted)) && denies.stream().noneMatch(d -> d.overlaps(wanted));
        }
    }

    private static final ModuleDescriptor WEB = ModuleDescriptor.parse(
            "name: chrony\nversion: 1.0.0\ntargets: {roles: [web]}\nagent: {bundles: [c.jar]}\n".getBytes());

    private static ServerInfo server(String name, String environment) {
        return new ServerInfo(name, name + "-id", "baremetal", environment, "web", "Ready", null, null, name, null, Map.of("role", "web"));
    }

    private static final List<ServerInfo> FLEET = List.of(server("web-lab", "lab"), server("web-prod", "prod"));

    @Test
    void applyOnEveryTargetedServerLetsItIn() {
        ModulePolicy.mayApply(WEB, FLEET, Rules.of(List.of("apply:baremetal:*:*"), List.of()));
    }

    @Test
    void aServerTheCallerMayReadButNotApplyOnIsNamed() {
        Access access = Rules.of(List.of("apply:baremetal:lab:*", "read:*:*:*"), List.of());
        String message = assertThrows(PermissionDenied.class, () -> ModulePolicy.mayApply(WEB, FLEET, access)).getMessage();
        assertTrue(message.contains("web-prod") && message.contains("apply:baremetal:prod:web-prod"), message);
    }

    @Test
    void aServerTheCallerMayNotReadIsNeverNamedNorPlaced() {
        Access access = Rules.of(List.of("apply:baremetal:lab:*", "read:baremetal:lab:*"), List.of());
        String message = assertThrows(PermissionDenied.class, () -> ModulePolicy.mayApply(WEB, FLEET, access)).getMessage();
        assertTrue(message.contains("servers you may not read"), message);
        assertFalse(message.contains("web-prod") || message.contains("prod"), message);
    }

    @Test
    void aDenyOnOneServerStopsIt() {
        Access access = Rules.of(List.of("*:*:*:*"), List.of("apply:*:*:web-prod"));
        String message = assertThrows(PermissionDenied.class, () -> ModulePolicy.mayApply(WEB, FLEET, access)).getMessage();
        assertTrue(message.contains("web-prod"), message);
    }

    @Test
    void targetsThatMatchNoServerAreRefused() {
        String message = assertThrows(InvalidArgument.class,
                () -> ModulePolicy.mayApply(WEB, List.of(), Rules.of(List.of("*:*:*:*"), List.of()))).getMessage();
        assertTrue(message.contains("role web, which matches no server"), message);
    }

    @Test
    void thePermissionsItDeclaresMustBeHeldWhole() {
        ModuleDescriptor declaring = ModuleDescriptor.parse(("name: fw\nversion: 1.0.0\ntargets: {roles: [web]}\n"
                + "permissions: ['exec:*:*:*']\nagent: {bundles: [f.jar]}\n").getBytes());
        Access onlyLab = Rules.of(List.of("apply:*:*:*", "exec:baremetal:lab:*"), List.of());
        String message = assertThrows(PermissionDenied.class, () -> ModulePolicy.mayApply(declaring, FLEET, onlyLab)).getMessage();
        assertTrue(message.contains("exec:*:*:*"), message);
        ModulePolicy.mayApply(declaring, FLEET, Rules.of(List.of("apply:*:*:*", "exec:*:*:*"), List.of()));
    }

    @Test
    void aModuleWithoutAnAgentSideTargetsNoServer() {
        ModuleDescriptor labdOnly = ModuleDescriptor.parse("name: ui\nversion: 1.0.0\nlabd: {feature: ui}\n".getBytes());
        ModulePolicy.mayApply(labdOnly, List.of(), Rules.of(List.of(), List.of()));
    }
}
