package org.labctl.tests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;

/**
 * Every REST endpoint of labd that takes a JSON body, found in the sources (so that a new one is
 * fuzzed too), gets a corpus of bodies it cannot take against a real labd: truncated, garbage,
 * every field with a value of every wrong type, 100,000-deep nesting, duplicate keys, absurd sizes
 * and counts, and seeded random mutations of a plausible body; each as its caller would send it
 * (the admin, an agent, or nobody for enrollment). labd must answer each with 4xx (or take it),
 * never 5xx, with a one-line reason, and its log must not grow a stack trace.
 */
class MalformedBodiesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 20261207L;
    private static final int MUTATIONS = 120;

    private static Path dir;
    private static LabdProcess labd;
    private static Map<Endpoint.Caller, HttpClient> clients;
    private static Map<Endpoint.Caller, SSLContext> contexts;

    /** A method of a REST resource that takes a JSON body, as its source declares it. */
    record Endpoint(String method, String path, Class<?> body, Caller caller) {
        enum Caller { ADMIN, AGENT, ANONYMOUS }

        String url() {
            return labd.url(path.replaceAll("\\{mac}", "52:54:00:00:00:01").replaceAll("\\{[^}]+}", "fuzz"));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("malformed");
        labd = LabdProcess.unpack(dir).start();
        labd.awaitHealthy();
        Tls.Config admin = Tls.Config.read(labd.adminConfig());
        var ca = Tls.certificate(admin.ca());

        // an agent's certificate, enrolled as lab-agent does it
        Http.Response token = labd.admin().post(labd.url("/api/v1/tokens"), "{}");
        assertEquals(201, token.status(), token.body());
        KeyPair agentKeys = TestPki.keyPair();
        Http.Response enrolled = new Http(Tls.context(ca, null, null)).post(labd.url("/api/v1/enroll"),
                "{\"token\":" + Json.quote(Json.tree(token.body()).path("token").asText()) + ",\"csr\":"
                        + Json.quote(TestPki.csr(agentKeys, "fuzz-agent")) + ",\"name\":\"fuzz-agent\",\"hostname\":\"fuzz-agent\"}");
        assertEquals(201, enrolled.status(), enrolled.body());
        var agentCertificate = Tls.certificate(Json.tree(enrolled.body()).path("certificate").asText());

        contexts = Map.of(
                Endpoint.Caller.ADMIN, Tls.context(admin),
                Endpoint.Caller.AGENT, Tls.context(ca, agentCertificate, agentKeys.getPrivate()),
                Endpoint.Caller.ANONYMOUS, Tls.context(ca, null, null));
        clients = new java.util.EnumMap<>(Endpoint.Caller.class);
        contexts.forEach((caller, tls) -> clients.put(caller, client(tls)));
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    // --- the endpoints, from the sources -------------------------------------------------------

    private static final Pattern CLASS_PATH = Pattern.compile("@Path\\(\"([^\"]*)\"\\)\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*public class");
    private static final Pattern METHOD = Pattern.compile(
            "((?:@[\\w.]+(?:\\((?:[^()]|\\([^()]*\\))*\\))?\\s*)+)public\\s+[\\w<>, ?]+\\s+\\w+\\(((?:[^()]|\\([^()]*\\))*)\\)");

    static List<Endpoint> endpoints() throws IOException {
        List<Endpoint> found = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Repo.root().resolve("bundles"))) {
            sources = files.filter(f -> f.toString().contains("/src/main/java/") && f.getParent().endsWith("rest")
                    && f.toString().endsWith("Resource.java")).sorted().toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source);
            Matcher type = CLASS_PATH.matcher(text);
            if (!type.find() || !text.contains("@Consumes(MediaType.APPLICATION_JSON)")) {
                continue;
            }
            Matcher method = METHOD.matcher(text.substring(type.end()));
            while (method.find()) {
                String annotations = method.group(1);
                Matcher verb = Pattern.compile("@(POST|PUT|PATCH)\\b").matcher(annotations);
                if (!verb.find()) {
                    continue;
                }
                if (annotations.contains("@Consumes(") && !annotations.contains("@Consumes(MediaType.APPLICATION_JSON)")) {
                    continue; // an upload of another type beside the class's JSON endpoints (a module's zip)
                }
                Matcher sub = Pattern.compile("@Path\\(\"([^\"]*)\"\\)").matcher(annotations);
                String path = "/api/v1" + type.group(1) + (sub.find() ? sub.group(1) : "");
                String bodyType = null;
                for (String parameter : method.group(2).split(",(?![^<]*>)")) {
                    String p = parameter.trim();
                    if (!p.isEmpty() && !p.startsWith("@")) {
                        bodyType = p.split("\\s+")[0];
                    }
                }
                if (bodyType == null) {
                    continue;
                }
                Endpoint.Caller caller = annotations.contains("Permit.Who.JOIN_TOKEN") ? Endpoint.Caller.ANONYMOUS
                        : annotations.contains("Permit.Who.AGENT") || path.startsWith("/api/v1/bastions/{name}/tokens")
                                || path.startsWith("/api/v1/bastions/{name}/assignments")
                        ? Endpoint.Caller.AGENT : Endpoint.Caller.ADMIN;
                try {
                    found.add(new Endpoint(verb.group(1), path, Class.forName("org.labctl.api." + bodyType), caller));
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(source + ": body type " + bodyType + " is not in org.labctl.api", e);
                }
            }
        }
        return found;
    }

    // --- the corpus -----------------------------------------------------------------------------

    /** A body of the right shape: every field with a plausible value. */
    static ObjectNode plausible(Class<?> type) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (RecordComponent component : type.getRecordComponents()) {
            body.set(component.getName(), plausibleValue(component.getName(), component.getGenericType()));
        }
        return body;
    }

    private static JsonNode plausibleValue(String name, Type type) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (type == String.class) {
            return nodes.textNode(name.equals("mac") ? "52:54:00:00:00:02" : "fuzz-" + name.toLowerCase());
        }
        if (type == boolean.class || type == Boolean.class) {
            return nodes.booleanNode(true);
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return nodes.numberNode(60);
        }
        if (type instanceof ParameterizedType generic && generic.getRawType() == List.class) {
            return nodes.arrayNode().add("read:*:*:fuzz");
        }
        if (type instanceof ParameterizedType generic && generic.getRawType() == Map.class) {
            return nodes.objectNode().put("fuzz", "yes");
        }
        return nodes.nullNode();
    }

    /** One body to send, and what it is. */
    record Body(String what, byte[] bytes, boolean chunked) {
        static Body of(String what, String text) {
            return new Body(what, text.getBytes(UTF_8), false);
        }
    }

    static List<Body> corpus(Endpoint endpoint) throws IOException {
        List<Body> corpus = new ArrayList<>();
        ObjectNode seed = plausible(endpoint.body());
        String seedText = JSON.writeValueAsString(seed);

        for (int cut = 1; cut < seedText.length(); cut += Math.max(1, seedText.length() / 12)) {
            corpus.add(Body.of("truncated at " + cut, seedText.substring(0, cut)));
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        List<JsonNode> wrong = List.of(nodes.numberNode(123), nodes.textNode("text"), nodes.booleanNode(true), nodes.nullNode(),
                nodes.arrayNode(), nodes.objectNode(), nodes.arrayNode().add(nodes.arrayNode()), nodes.numberNode(-1),
                nodes.numberNode(new java.math.BigInteger("92233720368547758070")), nodes.numberNode(1.5),
                nodes.textNode("\u0000\ud800"), nodes.objectNode().put("a", 1));
        for (var field : (Iterable<String>) seed::fieldNames) {
            for (JsonNode value : wrong) {
                ObjectNode body = seed.deepCopy();
                body.set(field, value);
                corpus.add(Body.of(field + " = " + value, JSON.writeValueAsString(body)));
            }
            corpus.add(Body.of(field + " = 1e999", seedText.replace("\"" + field + "\":", "\"" + field + "\":1e999,\"x" + field + "\":")));
            corpus.add(Body.of(field + " twice", seedText.replaceFirst("\\{", "{\"" + field + "\":null,")));
            ObjectNode huge = seed.deepCopy();
            huge.put(field, "x".repeat(300_000)); // longer than any string labd reads, shorter than its body limit
            corpus.add(Body.of(field + " of 300,000 characters", JSON.writeValueAsString(huge)));
        }
        for (String garbage : List.of("", " ", "garbage", "{", "}", "[", "]", "nul", "tru", "\"unterminated", "{\"a\":}", "{,}",
                "{\"a\" 1}", "{\"a\":1,}", "[]", "[{}]", "\"text\"", "1", "-0", "null", "true", "{}{}", "{} x", "{\"a\":01}",
                "{\"a\":NaN}", "{'a':1}", "{\"a\":\"\\u12\"}", "\ufeff" + seedText, "{/*c*/}")) {
            corpus.add(Body.of("garbage " + Json.quote(garbage), garbage));
        }
        corpus.add(new Body("invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}, false));
        corpus.add(Body.of("100,000-deep arrays", "[".repeat(100_000) + "]".repeat(100_000)));
        corpus.add(Body.of("100,000-deep objects", "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)));
        corpus.add(Body.of("10,000-deep arrays", "[".repeat(10_000) + "]".repeat(10_000)));
        corpus.add(new Body("10,000-deep arrays, chunked", ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(UTF_8), true));
        for (RecordComponent component : endpoint.body().getRecordComponents()) {
            Type type = component.getGenericType();
            if (type instanceof ParameterizedType generic && generic.getRawType() == Map.class) {
                for (int count : new int[] {65, 2_000}) {
                    ObjectNode body = seed.deepCopy();
                    ObjectNode labels = body.putObject(component.getName());
                    for (int i = 0; i < count; i++) {
                        labels.put("k" + i, "v");
                    }
                    corpus.add(Body.of(count + " " + component.getName(), JSON.writeValueAsString(body)));
                }
            }
            if (type instanceof ParameterizedType generic && generic.getRawType() == List.class) {
                ObjectNode body = seed.deepCopy();
                ArrayNode list = body.putArray(component.getName());
                for (int i = 0; i < 5_000; i++) {
                    list.add("read:*:*:k" + i);
                }
                corpus.add(Body.of("5,000 " + component.getName(), JSON.writeValueAsString(body)));
            }
        }
        String big = "{\"description\":\"" + "x".repeat(21 * 1024 * 1024) + "\"}";
        corpus.add(Body.of("a 21 MB body", big));
        corpus.add(new Body("a 21 MB body, chunked", big.getBytes(UTF_8), true));

        Random random = new Random(SEED ^ endpoint.path().hashCode());
        byte[] alphabet = "{}[]\":,0123456789.eE+-truefalsn \\ux".getBytes(UTF_8);
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] bytes = seedText.getBytes(UTF_8);
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                int at = random.nextInt(bytes.length);
                bytes = switch (random.nextInt(4)) {
                    case 0 -> { // replace a byte
                        bytes[at] = alphabet[random.nextInt(alphabet.length)];
                        yield bytes;
                    }
                    case 1 -> { // delete a byte
                        byte[] shorter = new byte[bytes.length - 1];
                        System.arraycopy(bytes, 0, shorter, 0, at);
                        System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                        yield shorter;
                    }
                    case 2 -> { // insert a byte
                        byte[] longer = new byte[bytes.length + 1];
                        System.arraycopy(bytes, 0, longer, 0, at);
                        longer[at] = alphabet[random.nextInt(alphabet.length)];
                        System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                        yield longer;
                    }
                    default -> { // repeat a slice
                        int length = Math.min(bytes.length - at, 1 + random.nextInt(12));
                        byte[] longer = new byte[bytes.length + length];
                        System.arraycopy(bytes, 0, longer, 0, at + length);
                        System.arraycopy(bytes, at, longer, at + length, bytes.length - at);
                        yield longer;
                    }
                };
            }
            corpus.add(new Body("mutation " + i + " " + new String(bytes, UTF_8), bytes, random.nextInt(8) == 0));
        }
        return corpus;
    }

    // --- the test -------------------------------------------------------------------------------

    private static HttpResponse<String> send(Endpoint endpoint, Body body) {
        HttpRequest.BodyPublisher publisher = body.chunked()
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.bytes()))
                : HttpRequest.BodyPublishers.ofByteArray(body.bytes());
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method(endpoint.method(), publisher).build();
        // labd closes the connection of a body it refuses unread: an oversized body goes on a connection of its own, so
        // that the next request does not meet the closed one in the client's pool
        boolean oversized = body.bytes().length > 64 * 1024;
        HttpClient client = oversized ? client(contexts.get(endpoint.caller())) : clients.get(endpoint.caller());
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // labd may answer an oversized body and close before the client has sent it all
            if (oversized) {
                return null;
            }
            throw new UncheckedIOException(endpoint + ", " + shorten(body.what()) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** At most 160 characters, control characters escaped (a NUL would cut the test report short). */
    private static String shorten(String text) {
        StringBuilder printable = new StringBuilder();
        text.codePoints().limit(160).forEach(c -> printable.append(Character.isISOControl(c) || Character.isSurrogate((char) c)
                ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return text.length() > 160 ? printable + "…" : printable.toString();
    }

    @Test
    void everyJsonEndpointAnswersBodiesItCannotTakeWith4xxAndAOneLineReasonNever500() throws Exception {
        List<Endpoint> endpoints = endpoints();
        List<String> paths = endpoints.stream().map(Endpoint::toString).toList();
        for (String expected : List.of("POST /api/v1/enroll", "POST /api/v1/users", "POST /api/v1/tokens", "POST /api/v1/roles",
                "POST /api/v1/roles/{name}/bindings", "POST /api/v1/clouds", "POST /api/v1/environments",
                "PATCH /api/v1/servers/{name}/labels", "POST /api/v1/agent/renew")) {
            assertTrue(paths.contains(expected), "the sources' JSON endpoints include " + expected + ": " + paths);
        }

        int logBefore = labd.log().length();
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        int sent = 0;
        for (Endpoint endpoint : endpoints) {
            for (Body body : corpus(endpoint)) {
                HttpResponse<String> response = send(endpoint, body);
                sent++;
                if (response == null) {
                    continue;
                }
                statuses.merge(response.statusCode(), 1, Integer::sum);
                String what = endpoint + " as " + endpoint.caller() + ", " + shorten(body.what()) + ": " + response.statusCode() + " "
                        + shorten(response.body());
                if (response.statusCode() >= 500) {
                    failures.add(what);
                } else if (response.statusCode() >= 400) {
                    JsonNode error = JSON.readTree(response.body());
                    String message = error.path("message").asText("");
                    if (message.isEmpty() || message.contains("\n") || error.path("status").asInt() != response.statusCode()) {
                        failures.add(what + " (not a one-line error body)");
                    }
                }
                // over labd's limit: 413 by its declared length; chunked, whichever bound it meets first,
                // or the gate's refusal (403, or 404 for a server the caller could see) before any of it is read
                if (body.bytes().length > 1024 * 1024 && response.statusCode() != 413
                        && !(body.chunked() && (response.statusCode() == 400 || response.statusCode() == 403
                        || response.statusCode() == 404))) {
                    failures.add(what + " (a body over labd's limit is 413)");
                }
            }
        }
        System.out.println("fuzzed " + endpoints.size() + " JSON endpoints with " + sent + " bodies: " + statuses);
        assertEquals(List.of(), failures, failures.size() + " answers out of " + sent);

        String log = labd.log().substring(logBefore);
        assertFalse(log.contains("Unexpected failure"), "labd logged an unexpected failure:\n" + tail(log));
        assertFalse(Pattern.compile("(?m)^\\s+at [\\w.$]+\\(").matcher(log).find(), "labd logged a stack trace:\n" + tail(log));
        assertTrue(labd.alive(), "labd still runs");
        assertEquals(200, labd.get("/api/v1/health").status());
    }

    @Test
    void absurdCountsAreRefusedWithTheLimitsTheReadmeStates() throws Exception {
        Http admin = labd.admin();
        StringBuilder labels = new StringBuilder("{\"labels\":{");
        for (int i = 0; i < 65; i++) {
            labels.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        Http.Response token = admin.post(labd.url("/api/v1/tokens"), labels.append("}}").toString());
        assertEquals(400, token.status(), token.body());
        assertTrue(token.body().contains("at most 64"), token.body());

        String rules = String.join(",", java.util.Collections.nCopies(129, "\"read:*:*:x\""));
        Http.Response role = admin.post(labd.url("/api/v1/roles"), "{\"name\":\"many\",\"allows\":[" + rules + "]}");
        assertEquals(400, role.status(), role.body());
        assertTrue(role.body().contains("at most 128"), role.body());

        Http.Response description = admin.post(labd.url("/api/v1/clouds"),
                "{\"name\":\"wordy\",\"description\":\"" + "x".repeat(1025) + "\"}");
        assertEquals(400, description.status(), description.body());
        assertTrue(description.body().contains("at most 1024"), description.body());

        Http.Response duplicate = admin.post(labd.url("/api/v1/clouds"), "{\"name\":\"twice\",\"name\":\"again\"}");
        assertEquals(400, duplicate.status(), duplicate.body());
        assertTrue(duplicate.body().contains("Duplicate field 'name'"), duplicate.body());
        String clouds = admin.get(labd.url("/api/v1/clouds")).body();
        assertFalse(clouds.contains("twice") || clouds.contains("again"), clouds);

        // the README's numbers are the ones labd applies
        String readme = Files.readString(Repo.root().resolve("README.md"));
        for (String stated : List.of("64 labels", "128 allow rules", "1024 characters", "32 nesting levels", "1 MiB", "64 KiB")) {
            assertTrue(readme.contains(stated), "the README states " + stated);
        }
        assertTrue(Arrays.stream(readme.split("\n")).anyMatch(l -> l.contains("413")), "the README says oversized bodies get 413");
    }

    private static String tail(String log) {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }
}
