package org.labctl.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The files of a new module's project ({@code labctl modules new}): a Maven project whose parent is labctl's module
 * parent POM, with module.yaml, an agent-side {@code Module} component and its test on labctl's module test runtime.
 * The project builds and its test passes as generated: it is the starting point an author edits.
 */
final class ModuleScaffold {

    /** A module's name, as module.yaml takes it. */
    static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** A Java package name. */
    static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");
    /** A module version: MAJOR.MINOR.MICRO. */
    static final Pattern VERSION = Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})");

    private ModuleScaffold() {
    }

    /** The class name for a module name: {@code node-exporter} gives {@code NodeExporterModule}. */
    static String className(String name) {
        StringBuilder text = new StringBuilder();
        for (String part : name.split("-")) {
            if (!part.isEmpty()) {
                text.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        String base = text.toString();
        return (Character.isDigit(base.charAt(0)) ? "M" : "") + base + "Module";
    }

    /** The default Java package for a module name: {@code org.example.modules.node_exporter}. */
    static String defaultPackage(String name) {
        String last = name.replace('-', '_');
        return "org.example.modules." + (Character.isDigit(last.charAt(0)) ? "m" + last : last);
    }

    /** Each file of the project by its path relative to the project's directory. */
    static Map<String, String> files(String name, String javaPackage, String groupId, String version, String labctlVersion) {
        String type = className(name);
        String path = javaPackage.replace('.', '/');
        Map<String, String> values = Map.of("@NAME@", name, "@CLASS@", type, "@PACKAGE@", javaPackage, "@GROUP@", groupId,
                "@VERSION@", version, "@LABCTL@", labctlVersion);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pom.xml", fill(POM, values));
        files.put("module.yaml", fill(MODULE_YAML, values));
        files.put("src/main/java/" + path + "/" + type + ".java", fill(MODULE_JAVA, values));
        files.put("src/test/java/" + path + "/" + type + "Test.java", fill(TEST_JAVA, values));
        files.put("README.md", fill(README, values));
        files.put(".gitignore", "target/\n");
        return files;
    }

    private static String fill(String template, Map<String, String> values) {
        String text = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        return text;
    }

    private static final String POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
              <modelVersion>4.0.0</modelVersion>
              <!-- mvn install: target/module (what labctl modules add takes), target/@NAME@-@VERSION@.zip, the tests run on them -->
              <parent>
                <groupId>org.labctl</groupId>
                <artifactId>org.labctl.module.parent</artifactId>
                <version>@LABCTL@</version>
                <relativePath/>
              </parent>
              <groupId>@GROUP@</groupId>
              <artifactId>@NAME@</artifactId>
              <version>@VERSION@</version>
              <name>@NAME@ (labctl module)</name>
            </project>
            """;

    private static final String MODULE_YAML = """
            # module.yaml: what labd reads (README "Modules"); ${project.version} is filled in by the build
            name: @NAME@
            version: ${project.version}
            tier: custom
            description: TODO say what @NAME@ puts on a server
            # the servers it goes to: their role is one of roles and they carry every label
            targets:
              labels:
                @NAME@: "true"
            parameters:
              greeting:
                type: string
                description: an example parameter
                default: hello
            agent:
              bundles:
                - @NAME@.jar
            """;

    private static final String MODULE_JAVA = """
            package @PACKAGE@;

            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.Map;
            import org.labctl.api.module.Health;
            import org.labctl.api.module.Module;
            import org.labctl.api.module.ModuleContext;
            import org.osgi.service.component.annotations.Component;

            /**
             * The agent side of module @NAME@: lab-agent calls these, one at a time, on every server the module targets.
             * Every method must be idempotent; what a method throws fails the module with its message.
             */
            @Component(property = Module.PROPERTY + "=@NAME@")
            public class @CLASS@ implements Module {

                @Override
                public void install(ModuleContext context) throws Exception {
                    context.log().info("installing @NAME@ " + context.version() + " on " + context.serverName());
                }

                @Override
                public void configure(Map<String, Object> parameters, ModuleContext context) throws Exception {
                    Path configured = context.dataDirectory().resolve("greeting");
                    Files.writeString(configured, (String) parameters.get("greeting"));
                    context.log().info("configured greeting " + parameters.get("greeting"));
                }

                @Override
                public Health health(ModuleContext context) throws Exception {
                    Path configured = context.dataDirectory().resolve("greeting");
                    if (!Files.exists(configured)) {
                        return Health.failed("not configured");
                    }
                    return Health.of(Health.Check.healthy("greeting", Files.readString(configured)));
                }

                @Override
                public void remove(ModuleContext context) throws Exception {
                    context.log().info("removing @NAME@");
                }
            }
            """;

    private static final String TEST_JAVA = """
            package @PACKAGE@;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import java.nio.file.Path;
            import java.util.Map;
            import org.junit.jupiter.api.Test;
            import org.labctl.api.module.Health;
            import org.labctl.module.testing.ModuleTestRuntime;

            /** The built module (target/module) in a runtime like lab-agent's, called as the agent calls it. */
            class @CLASS@Test {

                @Test
                void configuresAndReportsHealthy() throws Exception {
                    try (ModuleTestRuntime agent = ModuleTestRuntime.start(Path.of("target/module"))) {
                        agent.install();
                        agent.configure(Map.of(), "greeting=bonjour");
                        Health health = agent.health();
                        assertEquals(Health.Status.HEALTHY, health.status(), health.toString());
                        assertEquals("bonjour", health.checks().get(0).message());
                        agent.remove();
                    }
                }
            }
            """;

    private static final String README = """
            # @NAME@

            A labctl module. Build and test it (the tests run on the built module):

                mvn install

            Try it on a lab (`./lab up` in labctl's repository), on the servers labelled for it:

                labctl label server/web-1 @NAME@=true
                labctl modules add target/module --set greeting=bonjour
                labctl modules status @NAME@
                labctl logs module/@NAME@ --server web-1

            Ship it: commit `target/module` to a git repository and add it with
            `labctl modules add git+https://HOST/REPO.git@TAG`, or deploy the zip to a Maven repository and add
            `mvn:@GROUP@/@NAME@/VERSION`.
            """;
}
