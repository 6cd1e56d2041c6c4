package org.labctl.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.labctl.api.BastionInfo;
import org.labctl.api.BastionLog;
import org.labctl.api.Failure;
import org.labctl.api.MachineInfo;
import org.labctl.api.ProvisionRequest;

/**
 * The standalone bastion of this host ({@code labctl init bastion standalone start}), reached at
 * its admin endpoint on 127.0.0.1 with the port and secret of {@code DATA/admin.json}, which only
 * root can read.
 */
public final class StandaloneBastionClient implements BastionApi {

    /** Where {@code labctl init bastion standalone} keeps a bastion by default. */
    public static final Path DEFAULT_DATA = Path.of("/var/lib/labctl/bastion");
    public static final String ADMIN_FILE = "admin.json";

    private final Path data;
    private final URI base;
    private final String secret;
    private final long pid;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String environment;

    private StandaloneBastionClient(Path data, int port, String secret, long pid) {
        this.data = data;
        this.base = URI.create("http://127.0.0.1:" + port);
        this.secret = secret;
        this.pid = pid;
    }

    /**
     * The bastion whose state is in {@code data}.
     *
     * @throws LabctlException NOT_FOUND when none runs there, PERMISSION_DENIED when its admin file cannot be read
     */
    public static StandaloneBastionClient open(Path data) {
        Path file = data.resolve(ADMIN_FILE);
        try {
            JsonNode admin = Mappers.json().readTree(Files.readAllBytes(file));
            return new StandaloneBastionClient(data, admin.path("port").asInt(), admin.path("secret").asText(),
                    admin.path("pid").asLong());
        } catch (NoSuchFileException e) {
            throw new LabctlException(ExitCode.NOT_FOUND, "no standalone bastion runs with data in " + data
                    + " (start one with: sudo labctl init bastion standalone start, or give its --data)");
        } catch (AccessDeniedException e) {
            throw new LabctlException(ExitCode.PERMISSION_DENIED, "cannot read " + file
                    + ": the standalone bastion is managed as root (sudo)");
        } catch (IOException e) {
            throw new LabctlException(ExitCode.ERROR, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The PID of the bastion's process, as it wrote it. */
    public long pid() {
        return pid;
    }

    @Override
    public String environment() {
        if (environment == null) {
            environment = info().environment();
        }
        return environment;
    }

    @Override
    public BastionInfo info() {
        return call("GET", "/status", null, new TypeReference<BastionInfo>() { });
    }

    @Override
    public List<MachineInfo> machines() {
        return call("GET", "/machines", null, new TypeReference<List<MachineInfo>>() { });
    }

    @Override
    public MachineInfo provision(String mac, ProvisionRequest request) {
        return call("PUT", "/machines/" + encode(mac), request, new TypeReference<MachineInfo>() { });
    }

    @Override
    public MachineInfo forget(String mac) {
        return call("DELETE", "/machines/" + encode(mac), null, new TypeReference<MachineInfo>() { });
    }

    @Override
    public BastionLog log(String mac, Integer lines, Long after) {
        List<String> query = new ArrayList<>();
        if (mac != null) {
            query.add("mac=" + encode(mac));
        }
        if (lines != null) {
            query.add("lines=" + lines);
        }
        if (after != null) {
            query.add("after=" + after);
        }
        return call("GET", "/log" + (query.isEmpty() ? "" : "?" + String.join("&", query)), null,
                new TypeReference<BastionLog>() { });
    }

    private <T> T call(String method, String path, Object body, TypeReference<T> type) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + secret)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(Mappers.json().writeValueAsBytes(body)));
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                JsonNode error = LabdErrors.jsonObject(response.body());
                String message = error != null && error.path("message").isTextual() ? error.get("message").asText()
                        : "the standalone bastion answered HTTP " + response.statusCode();
                throw new LabctlException(ExitCode.of(Failure.of(response.statusCode())), message);
            }
            return Mappers.json().readValue(response.body(), type);
        } catch (ConnectException e) {
            throw new LabctlException(ExitCode.UNREACHABLE, "the standalone bastion of " + data + " does not answer on "
                    + base + ": is it running? (labctl init bastion standalone status)");
        } catch (IOException e) {
            throw new LabctlException(ExitCode.UNREACHABLE, "the standalone bastion of " + data + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabctlException(ExitCode.INTERRUPTED, "interrupted");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
