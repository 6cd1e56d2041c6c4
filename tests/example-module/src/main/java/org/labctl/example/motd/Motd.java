package org.labctl.example.motd;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.labctl.api.module.Health;
import org.labctl.api.module.Module;
import org.labctl.api.module.ModuleContext;
import org.osgi.service.component.annotations.Component;

/**
 * The motd module's agent side: {@code configure} writes {@code message} to {@code path}, where {@code {server}}
 * stands for the server's name (and remembers the path in
 * its data directory, so that a later configuration or {@code remove} takes the old file away); {@code health} says
 * whether the file still holds the message.
 */
@Component(property = Module.PROPERTY + "=motd")
public class Motd implements Module {

    private static final String WRITTEN = "written-path";

    @Override
    public void install(ModuleContext context) {
        context.log().info("motd " + context.version() + " installed on " + context.serverName());
    }

    @Override
    public void configure(Map<String, Object> parameters, ModuleContext context) throws Exception {
        Path path = Path.of(((String) parameters.get("path")).replace("{server}", context.serverName()));
        String message = (String) parameters.get("message");
        Path previous = written(context);
        if (previous != null && !previous.equals(path)) {
            Files.deleteIfExists(previous);
            context.log().info("removed " + previous);
        }
        Files.createDirectories(path.getParent());
        Path temporary = path.resolveSibling(path.getFileName() + ".labctl-tmp");
        Files.writeString(temporary, message + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(context.dataDirectory().resolve(WRITTEN), path + "\n" + message);
        context.log().info("wrote '" + message + "' to " + path);
    }

    @Override
    public Health health(ModuleContext context) throws Exception {
        Path state = context.dataDirectory().resolve(WRITTEN);
        if (!Files.exists(state)) {
            return Health.failed("not configured yet");
        }
        String[] written = Files.readString(state).split("\n", 2);
        Path path = Path.of(written[0]);
        if (!Files.exists(path)) {
            return Health.of(Health.Check.failed("motd", path + " is gone"));
        }
        String now = Files.readString(path).strip();
        if (!now.equals(written[1])) {
            return Health.of(Health.Check.degraded("motd", path + " was changed: it says '" + now + "'"));
        }
        return Health.of(Health.Check.healthy("motd", path + " says '" + now + "'"));
    }

    @Override
    public void remove(ModuleContext context) throws Exception {
        Path previous = written(context);
        if (previous != null && Files.deleteIfExists(previous)) {
            context.log().info("removed " + previous);
        }
    }

    private static Path written(ModuleContext context) throws Exception {
        Path state = context.dataDirectory().resolve(WRITTEN);
        return Files.exists(state) ? Path.of(Files.readString(state).split("\n", 2)[0]) : null;
    }
}
