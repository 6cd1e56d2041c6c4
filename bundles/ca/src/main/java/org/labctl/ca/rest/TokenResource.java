package org.labctl.ca.rest;

import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.labctl.api.CreateTokenRequest;
import org.labctl.api.TokenDetail;
import org.labctl.api.TokenInfo;
import org.labctl.ca.internal.TokenService;
import org.labctl.core.Access;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code /api/v1/tokens}: join tokens for lab-agent enrollment ({@code read|manage:*:*:tokens}). */
@Component(service = RestEndpoint.class)
@Path("/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource implements RestEndpoint {

    private final TokenService tokens;

    @Activate
    public TokenResource(@Reference TokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Requires(action = "manage", kind = "token")
    public Response create(CreateTokenRequest body, @Context HttpServletRequest request) {
        return Response.status(Response.Status.CREATED).entity(tokens.create(body, Access.of(request.getAttribute(Access.ATTRIBUTE))))
                .build();
    }

    @GET
    @Requires(action = "read", kind = "token")
    public List<TokenInfo> list() {
        return tokens.list();
    }

    /** One token, with the servers that enrolled with it that the caller may read. */
    @GET
    @Requires(action = "read", kind = "token")
    @Path("/{id}")
    public TokenDetail describe(@PathParam("id") String id, @Context HttpServletRequest request) {
        return tokens.describe(id, Access.of(request.getAttribute(Access.ATTRIBUTE)));
    }

    @DELETE
    @Requires(action = "manage", kind = "token")
    @Path("/{id}")
    public TokenInfo revoke(@PathParam("id") String id) {
        return tokens.revoke(id);
    }
}
