package org.labctl.agent.modules.testmodule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.labctl.api.module.Health;
import org.labctl.api.module.Module;
import org.labctl.api.module.ModuleContext;

/**
 * A module for the tests: each call appends {@code <call> <version>} to {@code <markers>/<name>.events};
 * {@code configure} writes each parameter with its Java type to {@code <name>.parameters} and throws when
 * parameter {@code fail} is set; {@code health} reads {@code <name>.health} ({@code STATUS message}) when
 * there is one; {@code remove} throws when {@code <name>.remove-fails} exists.
 */
public final class MarkerModule implements Module {

    private final String name;
    private final String version;
    private final Path markers;

    public MarkerModule(String name, String version, Path markers) {
        this.name = name;
        this.version = version;
        this.markers = markers;
    }

    @Override
    public void install(ModuleContext context) throws IOException {
        event("install " + context.version());
        Files.writeString(context.dataDirectory().resolve("installed-by"), version);
        context.log().info("installed " + name + " " + version);
    }

    @Override
    public void configure(Map<String, Object> parameters, ModuleContext context) throws IOException {
        event("configure " + context.version());
        StringBuilder types = new StringBuilder();
        for (Map.Entry<String, Object> parameter : new TreeMap<>(parameters).entrySet()) {
            types.append(parameter.getKey()).append('=').append(parameter.getValue()).append(' ')
                    .append(parameter.getValue().getClass().getName()).append('\n');
        }
        try {
            parameters.put("x", "y");
            types.append("parameters are modifiable\n");
        } catch (UnsupportedOperationException expected) {
            types.append("parameters are unmodifiable\n");
        }
        Object list = parameters.get("list");
        if (list instanceof List<?> values) {
            types.append("list element ").append(values.get(0).getClass().getName()).append('\n');
        }
        types.append("server ").append(context.serverName()).append(" role ").append(context.serverRole())
                .append(" labels ").append(context.serverLabels()).append('\n');
        Files.writeString(markers.resolve(name + ".parameters"), types.toString());
        Object fail = parameters.get("fail");
        if (fail != null) {
            context.log().error("configure fails on purpose");
            throw new IllegalStateException(fail.toString());
        }
    }

    @Override
    public Health health(ModuleContext context) throws IOException {
        event("health " + context.version());
        Path health = markers.resolve(name + ".health");
        if (Files.exists(health)) {
            String[] said = Files.readString(health).strip().split(" ", 2);
            return new Health(Health.Status.valueOf(said[0]), said.length > 1 ? said[1] : "", List.of());
        }
        return Health.of(Health.Check.healthy("marker", "version " + version));
    }

    @Override
    public void remove(ModuleContext context) throws IOException {
        event("remove " + context.version());
        if (Files.exists(markers.resolve(name + ".remove-fails"))) {
            throw new IOException("cannot stop the marker service");
        }
    }

    private void event(String event) {
        try {
            Files.writeString(markers.resolve(name + ".events"), event + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
