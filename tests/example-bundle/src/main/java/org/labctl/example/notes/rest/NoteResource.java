package org.labctl.example.notes.rest;

import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import org.labctl.api.Caller;
import org.labctl.api.InvalidArgument;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.labctl.example.notes.Note;
import org.labctl.example.notes.internal.Notes;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code /api/v1/notes}: read them ({@code read:*:*:notes}), write one ({@code manage:*:*:notes}). */
@Component(service = RestEndpoint.class)
@Path("/notes")
@Produces(MediaType.APPLICATION_JSON)
public class NoteResource implements RestEndpoint {

    private final Notes notes;

    @Activate
    public NoteResource(@Reference Notes notes) {
        this.notes = notes;
    }

    @GET
    @Requires(action = "read", kind = "note")
    public List<Note> list() {
        return notes.all();
    }

    /** The text of the note is the request body's {@code body}. */
    public record Body(String body) {
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Requires(action = "manage", kind = "note", name = "{name}")
    public Note put(@PathParam("name") String name, Body body, @Context HttpServletRequest request) {
        if (body == null || body.body() == null || body.body().isBlank() || body.body().length() > 4096) {
            throw new InvalidArgument("a note needs a body of 1 to 4096 characters: {\"body\": \"…\"}");
        }
        Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
        return notes.put(new Note(name, body.body(), caller.name()));
    }
}
