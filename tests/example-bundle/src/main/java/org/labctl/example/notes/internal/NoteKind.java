package org.labctl.example.notes.internal;

import java.util.Set;
import java.util.regex.Pattern;
import org.labctl.api.InvalidArgument;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Component;

/** Notes, for the gate: outside clouds, all at {@code *:*:notes}; read them, manage them. */
@Component(service = ResourceKind.class, property = ResourceKind.PROPERTY + "=note")
public final class NoteKind implements ResourceKind {

    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?");

    @Override
    public String name() {
        return "note";
    }

    @Override
    public Set<String> actions() {
        return Set.of("read", "manage");
    }

    @Override
    public Address locate(String name) {
        if (name != null && !name.isEmpty() && !NAME.matcher(name).matches()) {
            throw new InvalidArgument("a note's name is lower-case letters, digits and '-' (at most 64)");
        }
        return new Address("*", "*", "notes");
    }

    @Override
    public boolean looksUp() {
        return false;
    }
}
