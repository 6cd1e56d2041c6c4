package org.labctl.modules.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.AddModuleRepositoryRequest;
import org.labctl.api.AddModuleRequest;
import org.labctl.api.Conflict;
import org.labctl.api.InvalidArgument;
import org.labctl.api.ModuleInfo;
import org.labctl.api.ModuleRepository;
import org.labctl.api.NotFoundException;
import org.labctl.ca.SecretBox;
import org.labctl.core.Access;
import org.labctl.core.AuditLog;
import org.labctl.core.Database;
import org.labctl.core.Labd;
import org.labctl.modules.Parameters;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Maven repositories labd fetches {@code mvn:} module sources from ({@code labctl modules repos}), and adding a
 * module from one: labd asks them in order, fetches the artifact ({@link MavenFetcher}: bounded by
 * {@code upload.max.bytes}, timed, verified against the repository's checksums) and adds it exactly as an uploaded
 * archive, recording the {@code mvn:} URL as its source and the artifact's SHA-256. A repository's password is sealed
 * with labd's master key ({@link SecretBox}, bound to the repository's name) and opened only in memory to fetch; no
 * answer, message, log line or audit row holds it.
 */
@Component(service = ModuleRepositories.class)
public class ModuleRepositories {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(5);
    /** What upload.max.bytes is when its PID says nothing. */
    static final long DEFAULT_UPLOAD_MAX = 65L * 1024 * 1024;
    private static final String LIMITS_PID = "org.labctl.core.limits";
    private static final Logger LOG = LoggerFactory.getLogger(ModuleRepositories.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final Database database;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final ModuleService modules;
    private final ConfigurationAdmin configurations;
    private final Path downloads;
    private final SqlSessionFactory sessions;
    private final MavenFetcher fetcher = new MavenFetcher(CONNECT_TIMEOUT, READ_TIMEOUT, DOWNLOAD_TIMEOUT);

    @Activate
    public ModuleRepositories(@Reference Database database, @Reference SecretBox secrets, @Reference AuditLog audit,
                              @Reference ModuleService modules, @Reference ConfigurationAdmin configurations,
                              @Reference Labd labd) {
        this.database = database;
        this.secrets = secrets;
        this.audit = audit;
        this.modules = modules;
        this.configurations = configurations;
        this.downloads = labd.dataDirectory().resolve("modules").resolve("downloads");
        this.sessions = database.sessionFactory(ModuleRepositoryMapper.class);
    }

    /** The repositories, in the order labd asks them. */
    public List<ModuleRepository> list() {
        return database.transaction(sessions, s -> s.getMapper(ModuleRepositoryMapper.class).all()).stream()
                .map(ModuleRepositories::info).toList();
    }

    /**
     * Adds a repository after the others.
     *
     * @throws InvalidArgument when the URL is not http(s), holds credentials, a query or a fragment; the name is not one;
     *                         a password comes without a user or a user without a password
     * @throws Conflict        when a repository has that name or URL already
     */
    public ModuleRepository add(AddModuleRepositoryRequest request, Access access) {
        if (request == null) {
            throw new InvalidArgument("give the repository as {\"url\",\"name\",\"username\",\"password\"}");
        }
        URI url = url(request.url());
        String name = request.name() == null || request.name().isBlank() ? url.getHost() : request.name();
        if (!NAME.matcher(name).matches()) {
            throw new InvalidArgument("repository name " + Text.quote(name) + " is not 1-63 letters, digits, . _ - "
                    + "(starting with a letter or digit)");
        }
        String username = request.username() == null || request.username().isEmpty() ? null : request.username();
        String password = request.password() == null || request.password().isEmpty() ? null : request.password();
        if (username != null && (username.contains(":") || username.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidArgument("username " + Text.quote(username) + " cannot hold ':' or control characters "
                    + "(HTTP basic authentication)");
        }
        if (password != null && username == null) {
            throw new InvalidArgument("a password needs a user: give --username too");
        }
        if (username != null && password == null) {
            throw new InvalidArgument("user " + username + " needs a password: give --password-file FILE or --password-stdin");
        }
        if (password != null && password.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
            throw new InvalidArgument("the password holds a line break or NUL; give it on one line");
        }
        String stored = url.toString();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("repository", name);
        details.put("url", stored);
        details.put("username", username);
        details.put("change", "add-repository");
        audit.details(details);
        String caller = access.caller().name();
        ModuleRepositoryMapper.Row row = database.transaction(sessions, s -> {
            ModuleRepositoryMapper mapper = s.getMapper(ModuleRepositoryMapper.class);
            if (mapper.byName(name) != null) {
                throw new Conflict("a module repository is named " + name + " already; give another with --name, or "
                        + "remove that one first");
            }
            ModuleRepositoryMapper.Row same = mapper.byUrl(stored);
            if (same != null) {
                throw new Conflict("module repository " + same.name() + " has the URL " + stored + " already");
            }
            SecretBox.Sealed sealed = password == null ? null
                    : secrets.seal(password.getBytes(StandardCharsets.UTF_8), associatedData(name));
            mapper.insert(name, stored, mapper.nextPosition(), username, sealed == null ? null : sealed.nonce(),
                    sealed == null ? null : sealed.ciphertext(), caller);
            return mapper.byName(name);
        });
        LOG.info("module repository {} ({}) added by {}{}", name, stored, caller, username == null ? "" : " with user " + username);
        return info(row);
    }

    /**
     * Removes a repository.
     *
     * @throws NotFoundException when none has that name
     */
    public ModuleRepository remove(String name, Access access) {
        audit.details(Map.of("repository", String.valueOf(name), "change", "remove-repository"));
        ModuleRepositoryMapper.Row row = database.transaction(sessions, s -> {
            ModuleRepositoryMapper mapper = s.getMapper(ModuleRepositoryMapper.class);
            ModuleRepositoryMapper.Row existing = mapper.byName(name);
            if (existing == null) {
                throw new NotFoundException("no module repository is named " + Text.quote(name)
                        + " (labctl modules repos list shows them)");
            }
            mapper.delete(name);
            return existing;
        });
        LOG.info("module repository {} ({}) removed by {}", row.name(), row.url(), access.caller().name());
        return info(row);
    }

    /**
     * Adds a module labd fetches from its repositories ({@code mvn:GROUP/ARTIFACT/VERSION[/TYPE[/CLASSIFIER]]}), or
     * upgrades the installed one to it, exactly as {@link ModuleService#add} adds an uploaded archive.
     */
    public ModuleInfo addModule(AddModuleRequest request, Access access) throws IOException {
        if (request == null || request.source() == null) {
            throw new InvalidArgument("give the module's source: {\"source\":\"mvn:GROUP/ARTIFACT/VERSION\"}");
        }
        if (request.set() != null && request.set().size() > Parameters.MAX_ASSIGNMENTS) {
            throw new InvalidArgument(request.set().size() + " set assignments; at most " + Parameters.MAX_ASSIGNMENTS);
        }
        MavenCoordinates coordinates = MavenCoordinates.parse(request.source());
        audit.details(Map.of("source", coordinates.toString()));
        long limit = uploadLimit();
        MavenFetcher.Fetched fetched = fetcher.fetch(coordinates, opened(), limit, downloads);
        try {
            audit.details(Map.of("repository", fetched.repository().name(), "artifactSha256", fetched.sha256(),
                    "checksums", fetched.verified()));
            if (fetched.verified().isEmpty()) {
                LOG.warn("{} from {} comes without a checksum file (.sha1, .sha256, .sha512) to verify it against",
                        coordinates, fetched.repository());
            }
            LOG.info("{} fetched from {}: {} bytes, SHA-256 {}, verified against {}", coordinates, fetched.repository(),
                    fetched.size(), fetched.sha256(), fetched.verified().isEmpty() ? "no checksum" : fetched.verified());
            try (InputStream archive = Files.newInputStream(fetched.file())) {
                return modules.add(archive, limit, new ModuleService.Upload(coordinates.toString(), null, request.values(),
                        request.set(), null), fetched.sha256(), access);
            }
        } finally {
            Files.deleteIfExists(fetched.file());
        }
    }

    /** The repositories with their passwords opened, in order. */
    private List<MavenFetcher.Repository> opened() {
        List<MavenFetcher.Repository> repositories = new ArrayList<>();
        for (ModuleRepositoryMapper.Row row : database.transaction(sessions, s -> s.getMapper(ModuleRepositoryMapper.class).all())) {
            String password = row.passwordSealed() == null ? null : open(row);
            repositories.add(new MavenFetcher.Repository(row.name(), row.url(), row.username(), password));
        }
        return repositories;
    }

    private String open(ModuleRepositoryMapper.Row row) {
        try {
            return new String(secrets.open(new SecretBox.Sealed(row.passwordNonce(), row.passwordSealed()),
                    associatedData(row.name())), StandardCharsets.UTF_8);
        } catch (IllegalStateException e) {
            throw new Conflict("the password of module repository " + row.name() + " was sealed with another master key "
                    + "than this labd's (LABD_MASTER_KEY): remove the repository and add it again");
        }
    }

    /** The most bytes of a module's archive: the module's 64 MiB and the archive's headers, at most upload.max.bytes. */
    long uploadLimit() {
        long configured = DEFAULT_UPLOAD_MAX;
        try {
            Configuration[] found = configurations.listConfigurations("(service.pid=" + LIMITS_PID + ")");
            Dictionary<String, Object> properties = found == null || found.length == 0 ? null : found[0].getProperties();
            Object value = properties == null ? null : properties.get("upload.max.bytes");
            if (value != null) {
                configured = Long.parseLong(value.toString().trim());
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException | NumberFormatException e) {
            LOG.debug("upload.max.bytes not read, {} taken: {}", DEFAULT_UPLOAD_MAX, e.toString());
        }
        return Math.min(configured, ModuleArchive.MAX_BYTES + 1024 * 1024);
    }

    /** A repository's URL as labd keeps it: http(s), a host, no credentials, query or fragment, no trailing slash. */
    static URI url(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidArgument("give the repository's URL: https://HOST/PATH");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidArgument("the repository's URL is not a URL (" + e.getReason() + "); give https://HOST/PATH");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidArgument("a module repository is reached over http or https, not " + Text.quote(scheme)
                    + ": give https://HOST/PATH");
        }
        if (uri.getRawUserInfo() != null) {
            // the URL itself is not repeated: it holds a secret
            throw new InvalidArgument("the repository's URL holds credentials (USER:PASSWORD@); give the URL without them "
                    + "and the user with --username (the password with --password-file FILE or --password-stdin)");
        }
        if (uri.getHost() == null) {
            throw new InvalidArgument("the repository's URL names no host; give " + scheme + "://HOST/PATH");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidArgument("the repository's URL has a query or fragment; give " + scheme + "://HOST/PATH");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private static String associatedData(String name) {
        return "module-repository-password:" + name;
    }

    private static ModuleRepository info(ModuleRepositoryMapper.Row row) {
        return new ModuleRepository(row.name(), row.url(), row.username(), row.passwordSealed() != null, row.position(),
                row.addedBy(), row.addedAt() == null ? null : row.addedAt().toInstant().toString());
    }
}
