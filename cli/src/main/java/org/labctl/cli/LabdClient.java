package org.labctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.labctl.api.AuditQuery;
import org.labctl.api.AuditRecord;
import org.labctl.api.BastionInfo;
import org.labctl.api.BastionLog;
import org.labctl.api.BindingRequest;
import org.labctl.api.CanIAnswer;
import org.labctl.api.CloudDetail;
import org.labctl.api.CloudInfo;
import org.labctl.api.CreateCloudRequest;
import org.labctl.api.CreateEnvironmentRequest;
import org.labctl.api.CreateRoleRequest;
import org.labctl.api.CreateTokenRequest;
import org.labctl.api.CreateUserRequest;
import org.labctl.api.CreatedToken;
import org.labctl.api.CreatedUser;
import org.labctl.api.EnvironmentDetail;
import org.labctl.api.EnvironmentInfo;
import org.labctl.api.ExecTarget;
import org.labctl.api.HealthInfo;
import org.labctl.api.Http1Connection;
import org.labctl.api.LabelChange;
import org.labctl.api.MachineInfo;
import org.labctl.api.AddModuleRepositoryRequest;
import org.labctl.api.AddModuleRequest;
import org.labctl.api.ModuleDetail;
import org.labctl.api.ModuleRepository;
import org.labctl.api.ModuleInfo;
import org.labctl.api.ModuleServerState;
import org.labctl.api.MoveServerRequest;
import org.labctl.api.PermissionsInfo;
import org.labctl.api.ProvisionRequest;
import org.labctl.api.RoleInfo;
import org.labctl.api.ServerDetail;
import org.labctl.api.ServerInfo;
import org.labctl.api.TokenDetail;
import org.labctl.api.TokenInfo;
import org.labctl.api.UserInfo;
import org.labctl.api.VersionInfo;
import org.labctl.cli.exec.ExecTransport;
import org.labctl.cli.exec.SocketTransport;

/**
 * Talks to labd's REST API. Transport failures and error answers become {@link LabctlException}s
 * carrying the exit code they map to, so commands only handle success.
 */
public final class LabdClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final ClientConfig config;
    /** Null for an {@code http://} server, which tests use. */
    private final TlsContext tls;
    /** Made at the first request: `labctl exec` needs none, and the JDK's client is slow to set up. */
    private HttpClient http;
    /** The connection {@link #execTargets} used, kept for {@link #openExec}. */
    private Http1Connection execConnection;
    private final Duration requestTimeout;
    private final String sessionId;

    private LabdClient(ClientConfig config, TlsContext tls, Duration requestTimeout, String sessionId) {
        this.config = config;
        this.tls = tls;
        this.requestTimeout = requestTimeout;
        this.sessionId = sessionId;
    }

    /**
     * A client for the labd of {@code config}.
     *
     * @param requestTimeout how long to wait for an answer; zero waits forever
     * @param sessionId      sent with every request ({@link Session#HEADER}), for labd's audit log
     */
    public static LabdClient connect(ClientConfig config, Duration requestTimeout, String sessionId) {
        boolean https = "https".equalsIgnoreCase(config.server().getScheme());
        return new LabdClient(config, https ? TlsContext.of(config) : null, requestTimeout, sessionId);
    }

    /**
     * The one place the HTTP client is built. Over https it trusts only the config's CA and
     * presents the config's certificate (mutual TLS, DESIGN.md §4); the JDK client verifies the
     * host name against labd's certificate.
     */
    private static HttpClient httpClient(TlsContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                // plain HTTP/1.1: no h2c upgrade dance, one request a connection is all a CLI needs
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Runnable::run);
        if (tls != null) {
            builder.sslContext(tls.sslContext()).sslParameters(tls.sslParameters());
        }
        return builder.build();
    }

    public URI server() {
        return config.server();
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = httpClient(tls);
        }
        return http;
    }

    /** The session id every request of this client carries. */
    public String sessionId() {
        return sessionId;
    }

    /** {@code GET /api/v1/version}. */
    public VersionInfo version() {
        return call("GET", "/api/v1/version", null, type(VersionInfo.class));
    }

    /** {@code GET /api/v1/health}: a degraded labd answers 503 with the same body, which is returned too. */
    public HealthInfo health() {
        Answer answer = send("GET", "/api/v1/health", null);
        JsonNode body = LabdErrors.jsonObject(answer.body());
        // an ErrorBody has a numeric status, a HealthInfo a textual one
        boolean degradedHealth = answer.status() == 503 && body != null && body.path("status").isTextual();
        if (answer.status() != 200 && !degradedHealth) {
            throw LabdErrors.of(answer.status(), answer.body(), answer.request(), config);
        }
        return answer.decode(type(HealthInfo.class));
    }

    /** {@code POST /api/v1/users}: labd certifies the request's CSR for the new user. */
    public CreatedUser createUser(CreateUserRequest request) {
        return call("POST", "/api/v1/users", request, type(CreatedUser.class));
    }

    /** {@code GET /api/v1/users}. */
    public List<UserInfo> users() {
        return call("GET", "/api/v1/users", null, listOf(UserInfo.class));
    }

    /** {@code GET /api/v1/users/{name}}. */
    public UserInfo user(String name) {
        return call("GET", "/api/v1/users/" + segment(name), null, type(UserInfo.class));
    }

    /** {@code DELETE /api/v1/users/{name}}: the user as it was, before labd revoked its certificates. */
    public UserInfo deleteUser(String name) {
        return call("DELETE", "/api/v1/users/" + segment(name), null, type(UserInfo.class));
    }

    /** {@code POST /api/v1/tokens}: the answer holds the only copy of the token there will ever be. */
    public CreatedToken createToken(CreateTokenRequest request) {
        return call("POST", "/api/v1/tokens", request, type(CreatedToken.class));
    }

    /** {@code GET /api/v1/tokens}. */
    public List<TokenInfo> tokens() {
        return call("GET", "/api/v1/tokens", null, listOf(TokenInfo.class));
    }

    /** {@code GET /api/v1/tokens/{id}}: the token with the servers that enrolled with it. */
    public TokenDetail token(String id) {
        return call("GET", "/api/v1/tokens/" + segment(id), null, type(TokenDetail.class));
    }

    /** {@code DELETE /api/v1/tokens/{id}}: the token, now revoked. */
    public TokenInfo deleteToken(String id) {
        return call("DELETE", "/api/v1/tokens/" + segment(id), null, type(TokenInfo.class));
    }

    /**
     * {@code GET /api/v1/servers}, narrowed by whichever of cloud, environment and labels are given.
     *
     * @param labels selectors such as {@code rack=r1}; a server must have all of them
     */
    public List<ServerInfo> servers(String cloud, String environment, List<String> labels) {
        List<String> query = new ArrayList<>();
        query.add(parameter("cloud", cloud));
        query.add(parameter("env", environment));
        for (String label : labels) {
            query.add(parameter("label", label));
        }
        return call("GET", withQuery("/api/v1/servers", query.toArray(String[]::new)), null, listOf(ServerInfo.class));
    }

    /** {@code GET /api/v1/servers/{name}}: the server with its facts and enrollment. */
    public ServerDetail server(String name) {
        return call("GET", "/api/v1/servers/" + segment(name), null, type(ServerDetail.class));
    }

    /** {@code PATCH /api/v1/servers/{name}/labels}: the server with its labels changed. */
    public ServerInfo labelServer(String name, LabelChange change) {
        return call("PATCH", "/api/v1/servers/" + segment(name) + "/labels", change, type(ServerInfo.class));
    }

    /** {@code POST /api/v1/servers/{name}/move}: the server in its new place. */
    public ServerInfo moveServer(String name, MoveServerRequest request) {
        return call("POST", "/api/v1/servers/" + segment(name) + "/move", request, type(ServerInfo.class));
    }

    /** {@code DELETE /api/v1/servers/{name}}: the server as it was; labd revokes its agent's certificate. */
    public ServerInfo deleteServer(String name) {
        return call("DELETE", "/api/v1/servers/" + segment(name), null, type(ServerInfo.class));
    }

    /** {@code GET /api/v1/clouds}. */
    public List<CloudInfo> clouds() {
        return call("GET", "/api/v1/clouds", null, listOf(CloudInfo.class));
    }

    /** {@code GET /api/v1/clouds/{name}}: the cloud with what the caller may read in it. */
    public CloudDetail cloud(String name) {
        return call("GET", "/api/v1/clouds/" + segment(name), null, type(CloudDetail.class));
    }

    /** {@code POST /api/v1/clouds}. */
    public CloudInfo createCloud(CreateCloudRequest request) {
        return call("POST", "/api/v1/clouds", request, type(CloudInfo.class));
    }

    /** {@code DELETE /api/v1/clouds/{name}}: refused for baremetal and for a cloud still in use. */
    public CloudInfo deleteCloud(String name) {
        return call("DELETE", "/api/v1/clouds/" + segment(name), null, type(CloudInfo.class));
    }

    /** {@code GET /api/v1/environments}, of one cloud when {@code cloud} is given. */
    public List<EnvironmentInfo> environments(String cloud) {
        return call("GET", withQuery("/api/v1/environments", parameter("cloud", cloud)), null,
                listOf(EnvironmentInfo.class));
    }

    /** {@code GET /api/v1/environments/{cloud}/{name}}: the environment with its servers. */
    public EnvironmentDetail environment(String cloud, String name) {
        return call("GET", "/api/v1/environments/" + segment(cloud) + "/" + segment(name), null, type(EnvironmentDetail.class));
    }

    /** {@code POST /api/v1/environments}. */
    public EnvironmentInfo createEnvironment(CreateEnvironmentRequest request) {
        return call("POST", "/api/v1/environments", request, type(EnvironmentInfo.class));
    }

    /** {@code DELETE /api/v1/environments/{cloud}/{name}}: refused while servers or usable tokens use it. */
    public EnvironmentInfo deleteEnvironment(String cloud, String name) {
        return call("DELETE", "/api/v1/environments/" + segment(cloud) + "/" + segment(name), null,
                type(EnvironmentInfo.class));
    }

    /** {@code GET /api/v1/roles}. */
    public List<RoleInfo> roles() {
        return call("GET", "/api/v1/roles", null, listOf(RoleInfo.class));
    }

    /** {@code GET /api/v1/roles/{name}}. */
    public RoleInfo role(String name) {
        return call("GET", "/api/v1/roles/" + segment(name), null, type(RoleInfo.class));
    }

    /** {@code POST /api/v1/roles}: refused for an allow rule the caller does not hold. */
    public RoleInfo createRole(CreateRoleRequest request) {
        return call("POST", "/api/v1/roles", request, type(RoleInfo.class));
    }

    /** {@code DELETE /api/v1/roles/{name}}: the role as it was; refused for built-in and bound roles. */
    public RoleInfo deleteRole(String name) {
        return call("DELETE", "/api/v1/roles/" + segment(name), null, type(RoleInfo.class));
    }

    /** {@code POST /api/v1/roles/{role}/bindings}: the role with {@code user} among its users. */
    public RoleInfo bindRole(String role, String user) {
        return call("POST", "/api/v1/roles/" + segment(role) + "/bindings", new BindingRequest(user), type(RoleInfo.class));
    }

    /** {@code DELETE /api/v1/roles/{role}/bindings/{user}}: the role without {@code user}. */
    public RoleInfo unbindRole(String role, String user) {
        return call("DELETE", "/api/v1/roles/" + segment(role) + "/bindings/" + segment(user), null, type(RoleInfo.class));
    }

    /** {@code GET /api/v1/auth/permissions}: the caller's own, or {@code user}'s when given. */
    public PermissionsInfo permissions(String user) {
        return call("GET", withQuery("/api/v1/auth/permissions", parameter("user", user)), null,
                type(PermissionsInfo.class));
    }

    /** {@code GET /api/v1/auth/can-i}: whether the caller may do {@code action} on {@code resource} ({@code kind/name}). */
    public CanIAnswer canI(String action, String resource) {
        return call("GET", withQuery("/api/v1/auth/can-i", parameter("action", action),
                parameter("resource", resource)), null, type(CanIAnswer.class));
    }

    /** {@code GET /api/v1/bastions}: the bastions the caller may read. */
    public List<BastionInfo> bastions() {
        return call("GET", "/api/v1/bastions", null, listOf(BastionInfo.class));
    }

    /** {@code GET /api/v1/bastions/{environment}/machines}. */
    public List<MachineInfo> machines(String environment) {
        return call("GET", "/api/v1/bastions/" + segment(environment) + "/machines", null, listOf(MachineInfo.class));
    }

    /** {@code PUT /api/v1/bastions/{environment}/machines/{mac}}: install or reprovision at its next network boot. */
    public MachineInfo provision(String environment, String mac, ProvisionRequest request) {
        return call("PUT", "/api/v1/bastions/" + segment(environment) + "/machines/" + segment(mac), request,
                type(MachineInfo.class));
    }

    /** {@code DELETE /api/v1/bastions/{environment}/machines/{mac}}: the machine as it was. */
    public MachineInfo forgetMachine(String environment, String mac) {
        return call("DELETE", "/api/v1/bastions/" + segment(environment) + "/machines/" + segment(mac), null,
                type(MachineInfo.class));
    }

    /**
     * {@code GET /api/v1/bastions/{environment}/log}: the last {@code lines} lines (null: all), or
     * with {@code after} the lines written since an earlier answer's {@code next}.
     */
    public BastionLog bastionLog(String environment, String mac, Integer lines, Long after) {
        return call("GET", withQuery("/api/v1/bastions/" + segment(environment) + "/log", parameter("mac", mac),
                parameter("lines", lines), parameter("after", after)), null, type(BastionLog.class));
    }

    /** {@code GET /api/v1/audit}: the rows {@code query} selects, oldest first (the newest {@code limit} of them). */
    public List<AuditRecord> audit(AuditQuery query) {
        String path = withQuery("/api/v1/audit", parameter("user", query.user()), parameter("action", query.action()),
                parameter("result", query.result()), parameter("session", query.sessionId()),
                parameter("since", query.since()), parameter("until", query.until()), parameter("limit", query.limit()));
        return call("GET", path, null, listOf(AuditRecord.class));
    }

    /**
     * {@code GET /api/v1/exec/targets}: the servers {@code labctl exec -l} would run on, with whether
     * each is connected and whether the caller may exec on it.
     *
     * @param selector labels such as {@code rack=r1,os=debian}; a server must have all of them
     */
    public List<ExecTarget> execTargets(String selector, String environment, String cloud) {
        return execTargets(selector, environment, cloud, null);
    }

    /** {@link #execTargets(String, String, String)} with whether the caller may {@code action} (exec or read) on each. */
    public List<ExecTarget> execTargets(String selector, String environment, String cloud, String action) {
        String path = withQuery("/api/v1/exec/targets", parameter("selector", selector),
                parameter("environment", environment), parameter("cloud", cloud), parameter("action", action));
        String requestLine = "GET " + path;
        // on the connection the exec stream will use: the sessions follow on it (see openExec)
        Http1Connection connection = takeExecConnection();
        Answer answer;
        try {
            Http1Connection.Response response = connection.get(requestTarget(path));
            answer = new Answer(requestLine, response.status(), response.body());
        } catch (IOException failure) {
            connection.close();
            throw execFailure(failure, requestLine);
        }
        if (connection.reusable()) {
            execConnection = connection;
        } else {
            connection.close();
        }
        if (answer.status() / 100 != 2) {
            throw LabdErrors.of(answer.status(), answer.body(), requestLine, config);
        }
        return answer.decode(listOf(ExecTarget.class));
    }

    /**
     * {@code POST /api/v1/modules}: a module's directory as a zip, with where it came from and its parameters.
     *
     * @param values  parameter values (from {@code -f values.yaml}), or null
     * @param sets    {@code NAME=VALUE} assignments over them
     * @param digests the SHA-256 of each file in the zip, which labd checks against what it received
     */
    public ModuleInfo addModule(byte[] zip, String source, String commit, Map<String, Object> values, List<String> sets,
                                Map<String, String> digests) {
        List<String> query = new ArrayList<>();
        query.add(parameter("source", source));
        query.add(parameter("commit", commit));
        if (values != null && !values.isEmpty()) {
            try {
                query.add(parameter("values", Mappers.json().writeValueAsString(values)));
            } catch (JsonProcessingException e) {
                throw new LabctlException(ExitCode.USAGE, "the values cannot be sent as JSON: " + e.getOriginalMessage(), e);
            }
        }
        sets.forEach(set -> query.add(parameter("set", set)));
        digests.forEach((file, digest) -> query.add(parameter("digest", file + ":" + digest)));
        String path = withQuery("/api/v1/modules", query.toArray(String[]::new));
        Answer answer = sendBytes("POST", path, "application/zip", zip);
        if (answer.status() / 100 != 2) {
            throw LabdErrors.of(answer.status(), answer.body(), answer.request(), config);
        }
        return answer.decode(type(ModuleInfo.class));
    }

    /**
     * {@code POST /api/v1/modules} with JSON: a module labd fetches itself ({@code mvn:GROUP/ARTIFACT/VERSION…} from its
     * module repositories), with its parameters.
     */
    public ModuleInfo addModuleFrom(String source, Map<String, Object> values, List<String> sets) {
        return call("POST", "/api/v1/modules", new AddModuleRequest(source, values, sets), type(ModuleInfo.class));
    }

    /** {@code GET /api/v1/module-repositories}. */
    public List<ModuleRepository> moduleRepositories() {
        return call("GET", "/api/v1/module-repositories", null, listOf(ModuleRepository.class));
    }

    /** {@code POST /api/v1/module-repositories}. */
    public ModuleRepository addModuleRepository(AddModuleRepositoryRequest request) {
        return call("POST", "/api/v1/module-repositories", request, type(ModuleRepository.class));
    }

    /** {@code DELETE /api/v1/module-repositories/{name}}. */
    public ModuleRepository removeModuleRepository(String name) {
        return call("DELETE", "/api/v1/module-repositories/" + segment(name), null, type(ModuleRepository.class));
    }

    /** {@code GET /api/v1/clusters}. */
    public List<org.labctl.api.ClusterInfo> clusters() {
        return call("GET", "/api/v1/clusters", null, listOf(org.labctl.api.ClusterInfo.class));
    }

    /** {@code PUT /api/v1/clusters/CLOUD/ENV/NAME} ({@code *} for no placement). */
    public org.labctl.api.ClusterInfo addCluster(String cloud, String environment, String name,
                                                 org.labctl.api.AddClusterRequest request) {
        return call("PUT", "/api/v1/clusters/" + segment(cloud) + "/" + segment(environment) + "/" + segment(name), request,
                type(org.labctl.api.ClusterInfo.class));
    }

    /** What labd's kubectl proxy answered: its status, and the message of a refusal (a Kubernetes Status). */
    public record ProxyAnswer(int status, String message) {
    }

    /** {@code GET /k8s/NAME/version} through labd's kubectl proxy, as kubectl would ask it. */
    public ProxyAnswer clusterVersion(String name) {
        Answer answer = send("GET", "/k8s/" + segment(name) + "/version", null);
        String message = null;
        if (answer.status() / 100 != 2) {
            try {
                message = Mappers.json().readTree(answer.body()).path("message").asText(null);
            } catch (IOException e) {
                message = null;
            }
        }
        return new ProxyAnswer(answer.status(), message);
    }

    /** {@code GET /api/v1/clusters/NAME}. */
    public org.labctl.api.ClusterInfo cluster(String name) {
        return call("GET", "/api/v1/clusters/" + segment(name), null, type(org.labctl.api.ClusterInfo.class));
    }

    /** {@code DELETE /api/v1/clusters/NAME}. */
    public org.labctl.api.ClusterInfo removeCluster(String name) {
        return call("DELETE", "/api/v1/clusters/" + segment(name), null, type(org.labctl.api.ClusterInfo.class));
    }

    /** {@code GET /api/v1/stacks}. */
    public List<org.labctl.api.PulumiStack> stacks() {
        return call("GET", "/api/v1/stacks", null, listOf(org.labctl.api.PulumiStack.class));
    }

    /** {@code GET /api/v1/stacks/CLOUD/ENV/NAME}. */
    public org.labctl.api.PulumiStack stack(String cloud, String environment, String name) {
        return call("GET", stackPath(cloud, environment, name), null, type(org.labctl.api.PulumiStack.class));
    }

    /** {@code GET /api/v1/stacks/CLOUD/ENV/NAME/runs}: newest first. */
    public List<org.labctl.api.PulumiRun> stackRuns(String cloud, String environment, String name, int limit) {
        return call("GET", withQuery(stackPath(cloud, environment, name) + "/runs", parameter("limit", limit)), null,
                listOf(org.labctl.api.PulumiRun.class));
    }

    /** Whether labd has the program (its jar's SHA-256) for the stack: {@code GET …/programs/SHA256}. */
    public boolean hasProgram(String cloud, String environment, String name, String sha256) {
        Answer answer = send("GET", stackPath(cloud, environment, name) + "/programs/" + segment(sha256), null);
        if (answer.status() == 404) {
            return false;
        }
        if (answer.status() / 100 != 2) {
            throw LabdErrors.of(answer.status(), answer.body(), answer.request(), config);
        }
        return true;
    }

    /** {@code PUT …/programs/SHA256}: the program's jar. */
    public void putProgram(String cloud, String environment, String name, String sha256, byte[] jar) {
        Answer answer = sendBytes("PUT", stackPath(cloud, environment, name) + "/programs/" + segment(sha256),
                "application/octet-stream", jar);
        if (answer.status() / 100 != 2) {
            throw LabdErrors.of(answer.status(), answer.body(), answer.request(), config);
        }
    }

    /** {@code POST /api/v1/stacks/CLOUD/ENV/NAME/KIND}: starts a plan, apply or destroy. */
    public org.labctl.api.PulumiRun startRun(String cloud, String environment, String name, String kind,
                                             org.labctl.api.PulumiRunRequest request) {
        return call("POST", stackPath(cloud, environment, name) + "/" + segment(kind), request,
                type(org.labctl.api.PulumiRun.class));
    }

    /** {@code GET /api/v1/pulumi/runs/ID}. */
    public org.labctl.api.PulumiRun pulumiRun(String id) {
        return call("GET", "/api/v1/pulumi/runs/" + segment(id), null, type(org.labctl.api.PulumiRun.class));
    }

    /** {@code GET /api/v1/pulumi/runs/ID/log?after=N}. */
    public org.labctl.api.PulumiRunLog pulumiRunLog(String id, long after) {
        return pulumiRunLog(id, after, 0);
    }

    /** {@code GET /api/v1/pulumi/runs/ID/log?after=N&wait=MS}: labd holds the answer until a line or the run's end. */
    public org.labctl.api.PulumiRunLog pulumiRunLog(String id, long after, int waitMillis) {
        return call("GET", withQuery("/api/v1/pulumi/runs/" + segment(id) + "/log", parameter("after", after),
                parameter("wait", waitMillis > 0 ? waitMillis : null)), null, type(org.labctl.api.PulumiRunLog.class));
    }

    /** {@code POST /api/v1/pulumi/runs/ID/cancel}. */
    public org.labctl.api.PulumiRun cancelPulumiRun(String id) {
        return call("POST", "/api/v1/pulumi/runs/" + segment(id) + "/cancel", null, type(org.labctl.api.PulumiRun.class));
    }

    /** {@code GET /api/v1/apps}: the releases the caller may read. */
    public List<org.labctl.api.AppRelease> appReleases() {
        return call("GET", "/api/v1/apps", null, listOf(org.labctl.api.AppRelease.class));
    }

    /** {@code GET /api/v1/apps/catalog}. */
    public List<org.labctl.api.AppInfo> appCatalog() {
        return call("GET", "/api/v1/apps/catalog", null, listOf(org.labctl.api.AppInfo.class));
    }

    /** {@code GET /api/v1/apps/catalog/NAME[?version=V]}. */
    public org.labctl.api.AppInfo app(String name, String version) {
        return call("GET", withQuery("/api/v1/apps/catalog/" + segment(name), parameter("version", version)), null,
                type(org.labctl.api.AppInfo.class));
    }

    /**
     * Publishes the app a jar carries: {@code POST /api/v1/apps/catalog}, sending the jar first
     * ({@code PUT …/programs/SHA256}) when labd does not have it.
     */
    public org.labctl.api.AppInfo publishApp(String sha256, java.util.function.Supplier<byte[]> jar) {
        org.labctl.api.PublishAppRequest body = new org.labctl.api.PublishAppRequest(sha256);
        Answer answer = send("POST", "/api/v1/apps/catalog", body);
        if (answer.status() == 404 && answer.body() != null
                && new String(answer.body(), StandardCharsets.UTF_8).contains("not uploaded")) {
            Answer put = sendBytes("PUT", "/api/v1/apps/catalog/programs/" + segment(sha256), "application/octet-stream",
                    jar.get());
            if (put.status() / 100 != 2) {
                throw LabdErrors.of(put.status(), put.body(), put.request(), config);
            }
            return call("POST", "/api/v1/apps/catalog", body, type(org.labctl.api.AppInfo.class));
        }
        if (answer.status() / 100 != 2) {
            throw LabdErrors.of(answer.status(), answer.body(), answer.request(), config);
        }
        return answer.decode(type(org.labctl.api.AppInfo.class));
    }

    /** {@code GET /api/v1/apps/CLOUD/ENV/NAME}. */
    public org.labctl.api.AppRelease appRelease(String cloud, String environment, String name) {
        return call("GET", appPath(cloud, environment, name), null, type(org.labctl.api.AppRelease.class));
    }

    /** {@code GET /api/v1/apps/CLOUD/ENV/NAME/revisions}. */
    public List<org.labctl.api.AppRevision> appRevisions(String cloud, String environment, String name) {
        return call("GET", appPath(cloud, environment, name) + "/revisions", null, listOf(org.labctl.api.AppRevision.class));
    }

    /** {@code POST /api/v1/apps/CLOUD/ENV/NAME/plan}: a plan run of an install, upgrade or rollback. */
    public org.labctl.api.PulumiRun planApp(String cloud, String environment, String name, org.labctl.api.AppRequest request) {
        return call("POST", appPath(cloud, environment, name) + "/plan", request, type(org.labctl.api.PulumiRun.class));
    }

    /** {@code POST /api/v1/apps/CLOUD/ENV/NAME/install|upgrade|rollback|uninstall}: starts the revision's run. */
    public org.labctl.api.AppRevision changeApp(String cloud, String environment, String name, String change,
                                                org.labctl.api.AppRequest request) {
        return call("POST", appPath(cloud, environment, name) + "/" + segment(change), request,
                type(org.labctl.api.AppRevision.class));
    }

    private static String appPath(String cloud, String environment, String name) {
        return "/api/v1/apps/" + segment(cloud) + "/" + segment(environment) + "/" + segment(name);
    }

    private static String stackPath(String cloud, String environment, String name) {
        return "/api/v1/stacks/" + segment(cloud) + "/" + segment(environment) + "/" + segment(name);
    }

    /** {@code GET /api/v1/modules}. */
    public List<ModuleInfo> modules() {
        return call("GET", "/api/v1/modules", null, listOf(ModuleInfo.class));
    }

    /** {@code GET /api/v1/modules/{name}}. */
    public ModuleDetail module(String name) {
        return call("GET", "/api/v1/modules/" + segment(name), null, type(ModuleDetail.class));
    }

    /** {@code POST /api/v1/modules/{name}/rollback}. */
    public ModuleInfo rollbackModule(String name) {
        return call("POST", "/api/v1/modules/" + segment(name) + "/rollback", null, type(ModuleInfo.class));
    }

    /** {@code DELETE /api/v1/modules/{name}}. */
    public ModuleInfo removeModule(String name) {
        return call("DELETE", "/api/v1/modules/" + segment(name), null, type(ModuleInfo.class));
    }

    /** {@code GET /api/v1/modules/{name}/status}, or {@code GET /api/v1/module-status} for every module (name null). */
    public List<ModuleServerState> moduleStatus(String name) {
        return call("GET", name == null ? "/api/v1/module-status" : "/api/v1/modules/" + segment(name) + "/status", null,
                listOf(ModuleServerState.class));
    }

    /**
     * Opens the exec stream, {@code wss://HOST:PORT/api/v1/exec/stream} ({@link org.labctl.api.ExecProtocol}):
     * one WebSocket for all the exec sessions of this invocation, with the same mutual TLS and session
     * id as every request. Failures map to exit codes as requests' do: a refused upgrade by its HTTP
     * status, a refused handshake or connection as labd being unreachable.
     *
     * @param receiver gets labd's messages, as fast as it asks for them ({@link ExecTransport#request})
     */
    public ExecTransport openExec(ExecTransport.Receiver receiver) {
        String path = "/api/v1/exec/stream";
        String requestLine = "GET " + path;
        Http1Connection connection = takeExecConnection();
        try {
            return SocketTransport.start(connection.upgrade(requestTarget(path)), receiver);
        } catch (Http1Connection.Refused refused) {
            connection.close();
            throw LabdErrors.of(refused.status(), refused.body(), requestLine, config);
        } catch (IOException failure) {
            connection.close();
            throw execFailure(failure, requestLine);
        }
    }

    /** The request target of an API path on this config's server, whose URL may carry a path of its own. */
    private String requestTarget(String path) {
        URI uri = config.resolve(path);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** The connection a targets request left open, or a new one: it is the caller's from now on. */
    private Http1Connection takeExecConnection() {
        Http1Connection kept = execConnection;
        execConnection = null;
        return kept != null && kept.reusable() ? kept : connectExec();
    }

    /** A new connection for the exec stream, TLS set up as for every request; failures mapped as theirs. */
    private Http1Connection connectExec() {
        URI endpoint = config.server();
        boolean secure = "https".equalsIgnoreCase(endpoint.getScheme()) && tls != null;
        if (secure) {
            tls.serverTrust().clear();
        }
        try {
            return Http1Connection.open(endpoint, secure ? tls.sslContext() : null, secure ? tls.sslParameters() : null,
                    CONNECT_TIMEOUT, requestTimeout,
                    Map.of("User-Agent", "labctl/" + ClientVersion.current(), Session.HEADER, sessionId));
        } catch (Http1Connection.Unreachable e) {
            if (e.getCause() instanceof SocketTimeoutException) {
                throw unreachable("no connection within " + DurationConverter.format(CONNECT_TIMEOUT), e.getCause());
            }
            throw unreachable(reason((IOException) e.getCause()), e.getCause());
        } catch (IOException failure) {
            throw execFailure(failure, "GET /api/v1/exec/stream");
        }
    }

    /** A failure on the exec connection as the exit code and message a request's would have. */
    private LabctlException execFailure(IOException failure, String requestLine) {
        if (failure instanceof SocketTimeoutException) {
            return new LabctlException(ExitCode.TIMEOUT, "labd at " + config.server() + " did not answer " + requestLine
                    + " within " + DurationConverter.format(requestTimeout)
                    + ": try again, or pass a larger --request-timeout", failure);
        }
        LabctlException tlsFailure = tls == null ? null : TlsErrors.of(failure, false, config, tls.serverTrust());
        return tlsFailure != null ? tlsFailure : unreachable(reason(failure), failure);
    }

    /** One request whose every 2xx answer is a {@code T}, and every other one an error. */
    private <T> T call(String method, String path, Object body, JavaType answerType) {
        Answer answer = send(method, path, body);
        if (answer.status() / 100 != 2) {
            throw LabdErrors.of(answer.status(), answer.body(), answer.request(), config);
        }
        return answer.decode(answerType);
    }

    private Answer send(String method, String path, Object body) {
        String requestLine = method + " " + path;
        return body == null ? send(method, path, null, null) : send(method, path, "application/json", encode(body, requestLine));
    }

    /** A request with a body that is not JSON (an archive). */
    private Answer sendBytes(String method, String path, String contentType, byte[] body) {
        return send(method, path, contentType, body);
    }

    private Answer send(String method, String path, String contentType, byte[] body) {
        String requestLine = method + " " + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(config.resolve(path))
                .header("Accept", "application/json")
                .header("User-Agent", "labctl/" + ClientVersion.current())
                .header(Session.HEADER, sessionId);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        if (!requestTimeout.isZero()) {
            request.timeout(requestTimeout);
        }
        if (tls != null) {
            tls.serverTrust().clear();
        }
        AtomicBoolean answered = new AtomicBoolean();
        try {
            HttpResponse<byte[]> response = http().send(request.build(), responseHead -> {
                // labd's status line and headers are in: a failure from here on is not a TLS refusal
                answered.set(true);
                return HttpResponse.BodySubscribers.ofByteArray();
            });
            return new Answer(requestLine, response.statusCode(), response.body());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("no connection within " + DurationConverter.format(CONNECT_TIMEOUT), e);
        } catch (HttpTimeoutException e) {
            throw new LabctlException(ExitCode.TIMEOUT, "labd at " + config.server() + " did not answer " + requestLine
                    + " within " + DurationConverter.format(requestTimeout)
                    + ": try again, or pass a larger --request-timeout", e);
        } catch (IOException e) {
            LabctlException tlsFailure = tls == null ? null
                    : TlsErrors.of(e, answered.get(), config, tls.serverTrust());
            throw tlsFailure != null ? tlsFailure : unreachable(reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabctlException(ExitCode.ERROR, "interrupted while waiting for labd at " + config.server(), e);
        }
    }

    private static byte[] encode(Object body, String requestLine) {
        try {
            return Mappers.json().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new LabctlException(ExitCode.ERROR, "cannot write the body of " + requestLine + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** A name as one path segment or query value: {@code /}, {@code &} and the like cannot reach another resource. */
    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code name=value} with the value encoded, or null, which {@link #withQuery} leaves out, when there is no value. */
    private static String parameter(String name, Object value) {
        return value == null ? null : name + "=" + segment(value.toString());
    }

    /** {@code path?a=1&b=2} from the {@link #parameter}s that have a value; {@code path} alone when none has. */
    private static String withQuery(String path, String... parameters) {
        List<String> present = Arrays.stream(parameters).filter(parameter -> parameter != null).toList();
        return present.isEmpty() ? path : path + "?" + String.join("&", present);
    }

    private static JavaType type(Class<?> type) {
        return Mappers.json().getTypeFactory().constructType(type);
    }

    private static JavaType listOf(Class<?> elementType) {
        return Mappers.json().getTypeFactory().constructCollectionType(List.class, elementType);
    }

    private LabctlException unreachable(String reason, Throwable cause) {
        return new LabctlException(ExitCode.UNREACHABLE, "cannot reach labd at " + config.server() + ": " + reason
                + ". Is it running? (./lab status)", cause);
    }

    /** The JDK nests the useful message a few causes deep, and leaves some messages empty. */
    private String reason(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                return "unknown host " + config.server().getHost();
            }
            if (cause instanceof ConnectException && cause.getMessage() != null) {
                return lowerFirst(cause.getMessage());
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                // Java 17's HttpClient reports a refused connection as a ConnectException without message
                return "connection refused";
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return lowerFirst(cause.getMessage());
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /** One HTTP answer. */
    private record Answer(String request, int status, byte[] body) {

        <T> T decode(JavaType type) {
            try {
                return Mappers.json().readValue(body, type);
            } catch (IOException e) {
                throw new LabctlException(ExitCode.ERROR, "labd's answer to " + request + " is not the "
                        + describe(type) + " labctl " + ClientVersion.current() + " expects: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                        + " (do labd and labctl versions match?)", e);
            }
        }

        private static String describe(JavaType type) {
            return type.isCollectionLikeType() ? "list of " + type.getContentType().getRawClass().getSimpleName()
                    : type.getRawClass().getSimpleName();
        }
    }
}
