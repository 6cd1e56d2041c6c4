package org.labctl.cli.command;

import java.util.Iterator;
import java.util.List;
import org.labctl.api.Permission;

/** Values picocli lists in help ({@code ${COMPLETION-CANDIDATES}}) and in the completion scripts. */
final class Candidates {

    /** The results of an audit row. */
    static final List<String> AUDIT_RESULTS = List.of("allowed", "denied", "error");

    private Candidates() {
    }

    /** The actions of a permission; {@code *} is left out, which completion scripts would expand to file names. */
    static final class Actions implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Permission.ACTIONS.iterator();
        }
    }

    /** What a server argument starts with: completion offers {@code server/}, the name is for the user to write. */
    static final class ServerKind implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("server/").iterator();
        }
    }

    /** {@link #AUDIT_RESULTS}. */
    static final class AuditResults implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return AUDIT_RESULTS.iterator();
        }
    }

    /** The roles a bastion installs a machine as. */
    static final class MachineRoles implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("worker", "infra").iterator();
        }
    }
}
