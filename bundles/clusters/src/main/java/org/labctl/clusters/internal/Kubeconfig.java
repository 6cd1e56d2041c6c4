package org.labctl.clusters.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.labctl.api.InvalidArgument;

/**
 * The one context of a kubeconfig that labd keeps: the API server's URL, its CA and the credential. Only what labd
 * can hold on its own is taken: certificates, keys and tokens embedded in the kubeconfig ({@code kubectl config view
 * --raw --flatten} embeds them). An exec plugin or auth provider (a program labd would run), a file path, basic auth
 * and {@code insecure-skip-tls-verify} are refused, each with what to do instead. Messages never quote a credential.
 *
 * @param server     the API server's https URL, without a trailing slash
 * @param caPem      the CA certificates the API server's certificate must chain to (PEM), or null for the JVM's
 * @param credential the credential
 */
record Kubeconfig(String server, String caPem, Credential credential) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** How labd authenticates to the cluster. */
    sealed interface Credential permits ClientCertificate, Token {
        /** {@code client-certificate} or {@code token}: what {@code describe} shows. */
        String kind();
    }

    /** A client certificate (chain) and its private key, PEM. */
    record ClientCertificate(String certificatePem, String keyPem) implements Credential {
        @Override
        public String kind() {
            return "client-certificate";
        }

        @Override
        public String toString() {
            return "ClientCertificate[(hidden)]";
        }
    }

    /** A bearer token. */
    record Token(String token) implements Credential {
        @Override
        public String kind() {
            return "token";
        }

        @Override
        public String toString() {
            return "Token[(hidden)]";
        }
    }

    /**
     * The context {@code context} (or the current one) of the kubeconfig {@code text}.
     *
     * @throws InvalidArgument saying what is missing or refused
     */
    static Kubeconfig parse(String text, String context) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new InvalidArgument("the kubeconfig is not YAML or JSON" + where(e));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidArgument("the kubeconfig is not a kubeconfig (a mapping with clusters, users and contexts)");
        }
        String contextName = context != null ? context : text(root, "current-context");
        if (contextName == null) {
            throw new InvalidArgument("the kubeconfig has no current-context: name one with --context (it has "
                    + names(root.path("contexts")) + ")");
        }
        JsonNode chosen = named(root.path("contexts"), contextName);
        if (chosen == null) {
            throw new InvalidArgument("the kubeconfig has no context '" + contextName + "'; it has " + names(root.path("contexts")));
        }
        String clusterName = text(chosen.path("context"), "cluster");
        String userName = text(chosen.path("context"), "user");
        JsonNode cluster = clusterName == null ? null : named(root.path("clusters"), clusterName);
        if (cluster == null) {
            throw new InvalidArgument("context '" + contextName + "' names no cluster of the kubeconfig ('" + clusterName + "')");
        }
        JsonNode user = userName == null ? null : named(root.path("users"), userName);
        if (user == null) {
            throw new InvalidArgument("context '" + contextName + "' names no user of the kubeconfig ('" + userName + "')");
        }
        JsonNode c = cluster.path("cluster");
        String server = server(text(c, "server"));
        if (c.path("insecure-skip-tls-verify").asBoolean(false)) {
            throw new InvalidArgument("cluster '" + clusterName + "' skips TLS verification (insecure-skip-tls-verify): labd "
                    + "checks the API server's certificate; give its CA (certificate-authority-data)");
        }
        if (text(c, "certificate-authority") != null && text(c, "certificate-authority-data") == null) {
            throw new InvalidArgument("cluster '" + clusterName + "' names its CA by a file path, which labd cannot read: "
                    + "embed it (kubectl config view --raw --flatten)");
        }
        String ca = pem(text(c, "certificate-authority-data"), "cluster '" + clusterName + "': certificate-authority-data");
        return new Kubeconfig(server, ca, credential(user.path("user"), userName));
    }

    private static Credential credential(JsonNode user, String name) {
        String what = "user '" + name + "'";
        if (!user.path("exec").isMissingNode() && !user.path("exec").isNull()) {
            throw new InvalidArgument(what + " gets its credential from an exec plugin (" + text(user.path("exec"), "command")
                    + "), a program labd will not run: give labd a client certificate or a token (a ServiceAccount's: "
                    + "kubectl create token NAME)");
        }
        if (!user.path("auth-provider").isMissingNode() && !user.path("auth-provider").isNull()) {
            throw new InvalidArgument(what + " uses an auth provider, which labd does not run: give labd a client certificate "
                    + "or a token");
        }
        if (text(user, "username") != null || text(user, "password") != null) {
            throw new InvalidArgument(what + " uses basic authentication, which Kubernetes no longer offers: give labd a "
                    + "client certificate or a token");
        }
        String certificate = text(user, "client-certificate-data");
        String key = text(user, "client-key-data");
        String token = text(user, "token");
        if (text(user, "client-certificate") != null || text(user, "client-key") != null || text(user, "tokenFile") != null) {
            throw new InvalidArgument(what + " names a file, which labd cannot read: embed it (kubectl config view --raw --flatten)");
        }
        if (certificate != null || key != null) {
            if (certificate == null || key == null) {
                throw new InvalidArgument(what + " has " + (certificate == null ? "a key without a certificate"
                        : "a certificate without its key") + " (client-certificate-data and client-key-data go together)");
            }
            if (token != null) {
                throw new InvalidArgument(what + " has both a client certificate and a token: keep one");
            }
            return new ClientCertificate(pem(certificate, what + ": client-certificate-data"), pem(key, what + ": client-key-data"));
        }
        if (token != null) {
            if (token.isBlank() || token.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
                throw new InvalidArgument(what + ": the token is not one line of printable characters");
            }
            return new Token(token);
        }
        throw new InvalidArgument(what + " has no credential labd can use: a client certificate (client-certificate-data, "
                + "client-key-data) or a token");
    }

    private static String server(String server) {
        if (server == null) {
            throw new InvalidArgument("the kubeconfig's cluster has no server URL");
        }
        URI uri;
        try {
            uri = new URI(server);
        } catch (URISyntaxException e) {
            throw new InvalidArgument("the cluster's server is not a URL: " + e.getReason());
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new InvalidArgument("the cluster's server must be https://HOST[:PORT][/PATH], not " + server);
        }
        return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    }

    /** Base64 of PEM text, decoded and checked to be PEM. */
    private static String pem(String base64, String what) {
        if (base64 == null) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument(what + " is not base64");
        }
        if (!decoded.contains("-----BEGIN ")) {
            throw new InvalidArgument(what + " is not PEM (base64 of -----BEGIN …----- blocks)");
        }
        return decoded;
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (name.equals(item.path("name").asText(null))) {
                return item;
            }
        }
        return null;
    }

    private static String names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(item -> names.add(item.path("name").asText("?")));
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    private static String where(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null) {
            return " (line " + p.getLocation().getLineNr() + ")";
        }
        return "";
    }
}
