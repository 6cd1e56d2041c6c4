package org.labctl.example.notes.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.example.notes.Note;
import org.labctl.example.notes.internal.Notes;

/** {@code lab:notes}: the notes, as the shell user (needs read:*:*:notes), audited. */
@Service
@Command(scope = "lab", name = "notes", description = "Lists the example capability's notes (needs read:*:*:notes)")
public class NotesCommand implements Action {

    @Reference
    OperatorShell shell;

    @Reference
    Notes notes;

    @Override
    public Object execute() {
        for (Note note : shell.run("lab:notes", new Gate.Request("note", "read", ""), access -> notes.all())) {
            System.out.println(note.name() + "\t" + note.body() + "\t" + note.createdBy());
        }
        return null;
    }
}
