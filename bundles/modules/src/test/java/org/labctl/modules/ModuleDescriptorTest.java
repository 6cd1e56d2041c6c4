package org.labctl.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Permission;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

class ModuleDescriptorTest {

    static final String MINIMAL = """
            name: chrony
            version: 1.0.0
            targets: {all: true}
            agent: {bundles: [chrony.jar]}
            """;

    @TempDir
    Path dir;

    static ModuleDescriptor parse(String yaml) {
        return ModuleDescriptor.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** The message of the refusal, checked to be one clean line about module.yaml. */
    static String refused(String yaml) {
        String message = assertThrows(InvalidArgument.class, () -> parse(yaml)).getMessage();
        assertClean(message);
        return message;
    }

    static void assertClean(String message) {
        assertTrue(message.startsWith("module.yaml"), message);
        for (String leak : List.of("com.fasterxml", "org.yaml", "org.osgi", "jackson", "Jackson", "Exception", "\n", "\tat ")) {
            assertFalse(message.contains(leak), "leaks " + leak + ": " + message);
        }
    }

    /** MINIMAL with one line replaced or added. */
    static String with(String line) {
        String key = line.substring(0, line.indexOf(':') + 1);
        StringBuilder yaml = new StringBuilder();
        boolean replaced = false;
        for (String existing : MINIMAL.split("\n")) {
            if (existing.startsWith(key)) {
                yaml.append(line).append('\n');
                replaced = true;
            } else {
                yaml.append(existing).append('\n');
            }
        }
        if (!replaced) {
            yaml.append(line).append('\n');
        }
        return yaml.toString();
    }

    static String example() throws IOException {
        try (InputStream in = ModuleDescriptorTest.class.getResourceAsStream("/example/module.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theExampleReadsWithEveryField() throws IOException {
        ModuleDescriptor chrony = parse(example());
        assertEquals("chrony", chrony.name());
        assertEquals(new Version(1, 2, 0), chrony.version());
        assertEquals("chrony 1.2.0", chrony.id());
        assertEquals(Tier.CUSTOM, chrony.tier());
        assertEquals("Installs chronyd, points it at the configured NTP servers and reports how far the clock is off.",
                chrony.description());
        assertEquals(Targets.of(List.of("worker", "infra"), Map.of("ntp", "true")), chrony.targets());
        assertEquals(Map.of("base", new VersionRange("[1.0,2.0)")), chrony.dependencies());
        assertEquals(List.of(Permission.parse("apply:*:*:*")), chrony.permissions());
        assertEquals(List.of("servers", "maxOffsetMs", "mode", "allowFrom", "makestep", "zone"),
                chrony.parameters().stream().map(ParameterSpec::name).toList());
        ParameterSpec servers = chrony.parameter("servers");
        assertEquals(ParameterSpec.Type.LIST, servers.type());
        assertEquals(List.of("0.pool.ntp.org", "1.pool.ntp.org"), servers.defaultValue());
        assertEquals(1L, servers.min());
        assertEquals(100L, chrony.parameter("maxOffsetMs").defaultValue());
        assertEquals(List.of("client", "server"), chrony.parameter("mode").allowedValues());
        assertEquals("[0-9.]+/[0-9]{1,2}", chrony.parameter("allowFrom").pattern());
        assertEquals(Boolean.TRUE, chrony.parameter("makestep").defaultValue());
        assertTrue(chrony.parameter("zone").required());
        assertNull(chrony.parameter("nope"));
        assertEquals(List.of("chrony-agent-1.2.0.jar"), chrony.agentBundles());
        assertEquals("chrony-labd", chrony.labdFeature());
    }

    @Test
    void theMinimalDescriptorTakesDefaults() {
        ModuleDescriptor chrony = parse(MINIMAL);
        assertEquals(Tier.CUSTOM, chrony.tier());
        assertEquals("", chrony.description());
        assertEquals(Targets.everyServer(), chrony.targets());
        assertEquals(Map.of(), chrony.dependencies());
        assertEquals(List.of(), chrony.permissions());
        assertEquals(List.of(), chrony.parameters());
        assertNull(chrony.labdFeature());
        assertEquals(Tier.CORE, parse(with("tier: core")).tier());
        assertEquals(Tier.OFFICIAL, parse(with("tier: official")).tier());
    }

    @Test
    void aLabdOnlyModuleHasNoTargets() {
        ModuleDescriptor labd = parse("name: audit-export\nversion: 1.0.0\nlabd: {feature: audit-export}\n");
        assertEquals(List.of(), labd.agentBundles());
        assertNull(labd.targets());
        assertEquals("module.yaml: targets: a module without agent.bundles runs on no server; drop targets or add agent.bundles",
                refused("name: a\nversion: 1.0.0\nlabd: {feature: a}\ntargets: {all: true}\n"));
        assertEquals("module.yaml: a module has an agent side (agent.bundles), a labd side (labd.feature) or both; this one "
                + "has neither", refused("name: a\nversion: 1.0.0\n"));
        assertEquals("module.yaml: targets: missing; name the servers the module runs on: roles: [ROLE, ...], labels: "
                + "{KEY: VALUE}, or all: true for every server", refused("name: a\nversion: 1.0.0\nagent: {bundles: [a.jar]}\n"));
    }

    @Test
    void theNameIsADnsLabelWithoutPathsOrDots() {
        assertEquals("a", parse(with("name: a")).name());
        assertEquals("k3s-server", parse(with("name: k3s-server")).name());
        assertEquals("007", parse(with("name: 007")).name(), "the text as written, though YAML reads a number");
        for (String bad : List.of("Chrony", "chrony_ntp", "-chrony", "chrony-", "../etc", "a/b", "a\\\\b", "..", ".", "a.b",
                "x".repeat(64), "chrony ntp")) {
            String message = refused(with("name: " + (bad.contains(" ") || bad.contains("\\") ? "\"" + bad + "\"" : bad)));
            assertTrue(message.startsWith("module.yaml: name: "), message);
            assertTrue(message.contains("is not a module name: 1 to 63 lower-case letters, digits and '-', starting and "
                    + "ending with a letter or digit"), message);
        }
        assertEquals("module.yaml: name: \"../etc\" is not a module name: 1 to 63 lower-case letters, digits and '-', "
                + "starting and ending with a letter or digit", refused(with("name: ../etc")));
        assertEquals("module.yaml: name: missing", refused(MINIMAL.replace("name: chrony\n", "")));
        assertEquals("module.yaml: name: empty", refused(with("name: \"\"")));
        assertEquals("module.yaml: name: empty", refused(with("name:")));
        assertEquals("module.yaml: name: empty", refused(with("name: ~")));
        assertEquals("module.yaml: name: is a list; expected text", refused(with("name: [a]")));
    }

    @Test
    void theVersionHasThreeNumbersAndMayHaveAQualifier() {
        assertEquals(new Version(1, 10, 0), parse(with("version: 1.10.0")).version());
        assertEquals(new Version(2, 0, 1, "rc1"), parse(with("version: 2.0.1.rc1")).version());
        assertEquals(new Version(0, 0, 0, "2024-01_b"), parse(with("version: 0.0.0.2024-01_b")).version());
        for (String bad : List.of("1.0", "1", "v1.0.0", "1.0.0-rc1", "01.0.0", "1.0.0.", "1.0.0.rc 1", "9999999999.0.0", "1.0.0.0.0")) {
            String message = refused(with("version: \"" + bad + "\""));
            assertEquals("module.yaml: version: \"" + bad + "\" is not a version: three numbers and an optional qualifier, "
                    + "such as 1.0.0 or 1.0.0.rc1", message);
        }
        assertEquals("module.yaml: version: \"1.0\" is not a version: three numbers and an optional qualifier, such as 1.0.0 "
                + "or 1.0.0.rc1", refused(with("version: 1.0")), "unquoted 1.0 is a YAML number, refused by its text");
        assertEquals("module.yaml: version: missing", refused(MINIMAL.replace("version: 1.0.0\n", "")));
        assertEquals(new Version(3, 1, 4), ModuleDescriptor.parseVersion("3.1.4"));
    }

    @Test
    void theTierIsOneOfThree() {
        assertEquals("module.yaml: tier: \"Core\" is not a tier: core, official or custom", refused(with("tier: Core")));
    }

    @Test
    void theDescriptionIsBounded() {
        assertEquals("module.yaml: description is 1025 characters long; labd takes at most 1024",
                refused(with("description: " + "d".repeat(1025))));
        assertEquals("yes", parse(with("description: yes")).description(), "YAML 1.1's boolean yes stays text");
    }

    @Test
    void unknownFieldsAreErrorsNotIgnored() {
        assertEquals("module.yaml: tagrets: not a field of module.yaml (did you mean targets?); the fields: name, version, "
                + "tier, description, targets, dependencies, permissions, parameters, agent, labd", refused(with("tagrets: {all: true}")));
        assertTrue(refused(with("targets: {all: true, role: [a]}")).contains("targets.role: not a field of targets (did you "
                + "mean targets.roles?); the fields: roles, labels, all"));
        assertTrue(refused(with("agent: {bundles: [a.jar], bundle: [b.jar]}")).contains("agent.bundle: not a field of agent"));
        assertTrue(refused(with("labd: {feature: f, features: g}")).contains("labd.features: not a field of labd (did you mean labd.feature?)"));
        assertTrue(refused(with("parameters: {p: {type: string, defualt: x}}"))
                .contains("parameters.p.defualt: not a field of parameters.p (did you mean parameters.p.default?)"));
        assertTrue(refused(with("apiVersion: v1")).startsWith("module.yaml: apiVersion: not a field of module.yaml; the fields: "));
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        String message = refused("""
                name: Bad_Name
                version: "1.0"
                tier: gold
                targets: {roles: ["web server"]}
                dependencies: {base: "[1.0,2.0"}
                permissions: [read]
                agent: {bundles: [../evil.jar]}
                extra: 1
                """);
        assertEquals("module.yaml: extra: not a field of module.yaml; the fields: name, version, tier, description, targets, "
                + "dependencies, permissions, parameters, agent, labd; "
                + "name: \"Bad_Name\" is not a module name: 1 to 63 lower-case letters, digits and '-', starting and ending with "
                + "a letter or digit; "
                + "version: \"1.0\" is not a version: three numbers and an optional qualifier, such as 1.0.0 or 1.0.0.rc1; "
                + "tier: \"gold\" is not a tier: core, official or custom; "
                + "targets.roles[0]: \"web server\" is not a role: 1 to 63 letters, digits, '.', '_' and '-', starting and "
                + "ending with a letter or digit; "
                + "dependencies.base: \"[1.0,2.0\" is not a version range (use [1.0,2.0) or 1.0); "
                + "permissions[0]: permission 'read' has 1 segment; expected action:cloud:environment:name (each a name or *; "
                + "environment - for none), e.g. exec:baremetal:lab:*; "
                + "agent.bundles[0]: \"../evil.jar\" is not a bundle's file name: a plain file name in the module's directory "
                + "(letters, digits, '.', '_', '+' and '-'; no '/', no '..') that ends in .jar", message);
    }

    @Test
    void dependenciesAreModuleNamesWithVersionRanges() {
        ModuleDescriptor module = parse(with("dependencies: {base: \"[1.0,2.0)\", net: 1.2, dns: \"[1.0.0,1.0.0]\"}"));
        assertEquals(List.of("base", "net", "dns"), List.copyOf(module.dependencies().keySet()), "in the order written");
        assertEquals(new VersionRange("1.2"), module.dependencies().get("net"));
        assertTrue(module.dependencies().get("net").includes(new Version(7, 0, 0)), "1.2 means 1.2 and later");
        assertEquals(new VersionRange("[1.0,2.0)"), parse(with("dependencies: {base: \"[1.0,2.0)\"}")).dependencies().get("base"));
        assertEquals("1.10.0", parse(with("dependencies: {base: 1.10}")).dependencies().get("base").getLeft().toString(),
                "1.10 is not read as the number 1.1");
        assertEquals("module.yaml: dependencies.base: \"[1.0,2.0\" is not a version range (use [1.0,2.0) or 1.0)",
                refused(with("dependencies: {base: \"[1.0,2.0\"}")));
        assertEquals("module.yaml: dependencies.base: \"latest\" is not a version range (use [1.0,2.0) or 1.0)",
                refused(with("dependencies: {base: latest}")));
        assertEquals("module.yaml: dependencies.base: \"[2.0,1.0)\" holds no version; the left end must be below the right",
                refused(with("dependencies: {base: \"[2.0,1.0)\"}")));
        assertEquals("module.yaml: dependencies.chrony: a module cannot depend on itself",
                refused(with("dependencies: {chrony: \"[1.0,2.0)\"}")));
        assertEquals("module.yaml: dependencies: \"../base\" is not a module name: 1 to 63 lower-case letters, digits and '-', "
                + "starting and ending with a letter or digit", refused(with("dependencies: {../base: 1.0}")));
        assertEquals("module.yaml: dependencies.base: empty; expected text", refused(with("dependencies: {base: }")));
        assertEquals("module.yaml: dependencies: \"base\" is text; expected a mapping (key: value lines)",
                refused(with("dependencies: base")));
        assertEquals("module.yaml: dependencies: is a list; expected a mapping (key: value lines)", refused(with("dependencies: [base]")));
    }

    @Test
    void permissionsAreCheckedByTheRbacGrammar() {
        assertEquals(List.of(Permission.parse("apply:*:*:*"), Permission.parse("read:baremetal:lab:web-1")),
                parse(with("permissions: [\"apply:*:*:*\", read:baremetal:lab:web-1]")).permissions());
        assertTrue(refused(with("permissions: [\"apply:*:*\"]")).startsWith("module.yaml: permissions[0]: permission 'apply:*:*' has 3 segments"));
        assertTrue(refused(with("permissions: [\"fly:*:*:*\"]")).contains("'fly' is not an action"));
        assertEquals("module.yaml: permissions: apply:*:*:* is given twice", refused(with("permissions: [\"apply:*:*:*\", \"apply:*:*:*\"]")));
        assertEquals("module.yaml: permissions: \"apply:*:*:*\" is text; expected a list ([a, b] or - lines)",
                refused(with("permissions: \"apply:*:*:*\"")));
    }

    @Test
    void targetsNameRolesLabelsOrAll() {
        assertEquals(Targets.of(List.of("worker"), Map.of()), parse(with("targets: {roles: [worker]}")).targets());
        assertEquals(Targets.of(List.of(), Map.of("gpu", "true", "rack", "r1")),
                parse(with("targets: {labels: {gpu: true, rack: r1}}")).targets(), "a YAML boolean label value is its text");
        assertEquals("module.yaml: targets: name the servers the module runs on: roles: [ROLE, ...], labels: {KEY: VALUE}, "
                + "or all: true for every server", refused(with("targets: {}")));
        assertEquals("module.yaml: targets: name the servers the module runs on: roles: [ROLE, ...], labels: {KEY: VALUE}, "
                + "or all: true for every server", refused(with("targets: {roles: [], labels: {}}")));
        assertEquals("module.yaml: targets: name the servers the module runs on: roles: [ROLE, ...], labels: {KEY: VALUE}, "
                + "or all: true for every server", refused(with("targets: {all: false}")));
        assertEquals("module.yaml: targets: all: true targets every server; drop it, or drop roles and labels",
                refused(with("targets: {all: true, roles: [worker]}")));
        assertEquals("module.yaml: targets.all: \"yes please\" is text; write all: true", refused(with("targets: {all: yes please}")));
        assertEquals("module.yaml: targets.roles: \"worker\" is given twice", refused(with("targets: {roles: [worker, worker]}")));
        assertTrue(refused(with("targets: {labels: {\"bad key!\": x}}")).startsWith("module.yaml: targets.labels: label key 'bad key!' is not valid"));
        assertTrue(refused(with("targets: {labels: {rack: \"r 1\"}}")).startsWith("module.yaml: targets.labels: label value 'r 1' of rack is not valid"));
        assertEquals("module.yaml: targets.roles[0]: is a mapping; expected text", refused(with("targets: {roles: [{a: b}]}")));
    }

    @Test
    void agentBundlesArePlainJarFileNames() {
        assertEquals(List.of("a-1.0.jar", "b_2+x.jar"), parse(with("agent: {bundles: [a-1.0.jar, b_2+x.jar]}")).agentBundles());
        for (String bad : List.of("lib/a.jar", "../a.jar", "..jar", "a..b.jar", "/etc/passwd", "a.jar/", ".hidden.jar", "a.zip",
                "a.JAR", "a b.jar", "C:\\\\a.jar", "a\\\\..\\\\b.jar", "%2e%2e.jar")) {
            String message = refused(with("agent: {bundles: [\"" + bad + "\"]}"));
            assertTrue(message.startsWith("module.yaml: agent.bundles[0]: "), message);
            assertTrue(message.endsWith("is not a bundle's file name: a plain file name in the module's directory (letters, "
                    + "digits, '.', '_', '+' and '-'; no '/', no '..') that ends in .jar"), message);
        }
        assertEquals("module.yaml: agent.bundles: \"a.jar\" is listed twice", refused(with("agent: {bundles: [a.jar, a.jar]}")));
        assertEquals("module.yaml: agent.bundles: empty; list the agent bundles' jar files in install order, or drop agent",
                refused(with("agent: {bundles: []}")));
        assertEquals("module.yaml: agent.bundles: missing; list the agent bundles' jar files in install order",
                refused(with("agent: {}")));
        assertTrue(ModuleDescriptor.isBundleFileName("chrony-agent-1.2.0.jar"));
        assertFalse(ModuleDescriptor.isBundleFileName("../chrony.jar"));
    }

    @Test
    void theLabdFeatureIsAFeatureName() {
        assertEquals("chrony-labd", parse(with("labd: {feature: chrony-labd}")).labdFeature());
        assertEquals("module.yaml: labd.feature: \"../x\" is not a feature name: 1 to 100 letters, digits, '.', '_' and '-', "
                + "starting with a letter or digit", refused(with("labd: {feature: ../x}")));
        assertEquals("module.yaml: labd.feature: missing", refused(with("labd: {}")));
    }

    @Test
    void whatIsNoDescriptorAtAllIsRefused() {
        assertEquals("module.yaml is empty; it needs at least name, version, targets and agent.bundles (or labd.feature)",
                refused(""));
        assertEquals("module.yaml holds a list; it must be a mapping of fields (name: ..., version: ...)", refused("- a\n- b\n"));
        assertEquals("module.yaml holds text; it must be a mapping of fields (name: ..., version: ...)", refused("chrony"));
    }

    @Test
    void anOversizedStreamIsRefusedAfter64KiB() throws IOException {
        byte[] huge = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        InputStream endless = new ByteArrayInputStream(huge);
        String message = assertThrows(InvalidArgument.class, () -> ModuleDescriptor.parse(endless)).getMessage();
        assertEquals("module.yaml is more than 65536 bytes; at most 65536 (64 KiB) are read", message);
        assertEquals(huge.length - ModuleDescriptor.MAX_SIZE - 1, endless.available(), "it stopped reading after 64 KiB + 1");
    }

    @Test
    void aStreamWithinTheLimitReads() throws IOException {
        assertEquals("chrony", ModuleDescriptor.parse(new ByteArrayInputStream(MINIMAL.getBytes(StandardCharsets.UTF_8))).name());
    }

    @Test
    void readTakesADirectoryOrTheFile() throws IOException {
        Files.writeString(dir.resolve("module.yaml"), MINIMAL);
        assertEquals("chrony", ModuleDescriptor.read(dir).name());
        assertEquals("chrony", ModuleDescriptor.read(dir.resolve("module.yaml")).name());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertEquals("module.yaml: missing; a module's directory holds its module.yaml",
                assertThrows(InvalidArgument.class, () -> ModuleDescriptor.read(empty)).getMessage());
        Path big = Files.createDirectory(dir.resolve("big"));
        Files.write(big.resolve("module.yaml"), new byte[ModuleDescriptor.MAX_SIZE + 1]);
        assertEquals("module.yaml is more than 65536 bytes; at most 65536 (64 KiB) are read",
                assertThrows(InvalidArgument.class, () -> ModuleDescriptor.read(big)).getMessage());
    }

    @Test
    void aLinkedDescriptorIsRefused() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "name: x\n");
        Path linked = Files.createDirectory(dir.resolve("linked"));
        Files.createSymbolicLink(linked.resolve("module.yaml"), secret);
        assertEquals("module.yaml is a symbolic link; a module's files are plain files",
                assertThrows(InvalidArgument.class, () -> ModuleDescriptor.read(linked)).getMessage());
    }

    @Test
    void theConstructorKeepsTheRulesToo() throws Exception {
        Targets all = Targets.everyServer();
        Version v1 = new Version(1, 0, 0);
        ModuleDescriptor made = new ModuleDescriptor("chrony", v1, null, null, all, null, null, null, List.of("c.jar"), null);
        assertEquals(Tier.CUSTOM, made.tier());
        assertEquals("", made.description());
        assertEquals("name: \"a/b\" is not a module name: 1 to 63 lower-case letters, digits and '-', starting and ending "
                + "with a letter or digit", assertThrows(InvalidArgument.class,
                () -> new ModuleDescriptor("a/b", v1, null, null, all, null, null, null, List.of("c.jar"), null)).getMessage());
        assertEquals("version: missing; three numbers and an optional qualifier, such as 1.0.0", assertThrows(InvalidArgument.class,
                () -> new ModuleDescriptor("a", null, null, null, all, null, null, null, List.of("c.jar"), null)).getMessage());
        assertEquals("dependencies.a: a module cannot depend on itself", assertThrows(InvalidArgument.class,
                () -> new ModuleDescriptor("a", v1, null, null, all, Map.of("a", new VersionRange("1.0")), null, null,
                        List.of("c.jar"), null)).getMessage());
        assertTrue(assertThrows(InvalidArgument.class, () -> new ModuleDescriptor("a", v1, null, null, all, null, null, null,
                List.of("../c.jar"), null)).getMessage().startsWith("agent.bundles[0]: \"../c.jar\" is not a bundle's file name"));
        ParameterSpec p = new ParameterSpec("p", ParameterSpec.Type.STRING, null, false, null, null, null, null, null);
        assertEquals("parameters: p is declared twice", assertThrows(InvalidArgument.class, () -> new ModuleDescriptor("a", v1,
                null, null, all, null, null, List.of(p, p), List.of("c.jar"), null)).getMessage());
        assertThrows(UnsupportedOperationException.class, () -> made.agentBundles().add("d.jar"));
    }

    @Test
    void hostileInputIsRefusedInWords() {
        String bomb = MINIMAL + """
                description: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                x: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                y: [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                """;
        assertTrue(refused(bomb).contains("anchors and aliases are not allowed"));
        assertTrue(refused(MINIMAL + "name: again\n").contains("gives \"name\" twice; give each key once"));
        assertTrue(refused(MINIMAL + "parameters: " + "{a: ".repeat(100) + "b" + "}".repeat(100)).contains("nested deeper than 16"));
        assertTrue(refused(MINIMAL + "description: !!java.io.File /etc/passwd\n").contains("tags are not allowed"));
        byte[] latin1 = (MINIMAL + "description: d\u00e9j\u00e0 vu\n").getBytes(StandardCharsets.ISO_8859_1);
        String message = assertThrows(InvalidArgument.class, () -> ModuleDescriptor.parse(latin1)).getMessage();
        assertTrue(message.startsWith("module.yaml is not UTF-8 text: byte "), message);
        byte[] oversized = (MINIMAL + "description: \"" + "x".repeat(70_000) + "\"\n").getBytes(StandardCharsets.UTF_8);
        assertTrue(assertThrows(InvalidArgument.class, () -> ModuleDescriptor.parse(oversized)).getMessage()
                .endsWith("bytes; at most 65536 (64 KiB) are read"));
    }

    /** Whatever a careless edit makes of the example, the answer is a descriptor or one clean InvalidArgument. */
    @Test
    void mangledDescriptorsNeverFailOtherwise() throws IOException {
        byte[] example = example().getBytes(StandardCharsets.UTF_8);
        java.util.Random random = new java.util.Random(17);
        byte[] alphabet = ":-[]{}\"'&*!|>#\n \t,.?0aZ".getBytes(StandardCharsets.UTF_8);
        int parsed = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] mangled = example.clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(mangled.length);
                switch (random.nextInt(3)) {
                    case 0 -> mangled[at] = alphabet[random.nextInt(alphabet.length)];
                    case 1 -> mangled = java.util.Arrays.copyOf(mangled, at);
                    default -> mangled[at] = (byte) random.nextInt(256);
                }
                if (mangled.length == 0) {
                    break;
                }
            }
            try {
                ModuleDescriptor.parse(mangled);
                parsed++;
            } catch (InvalidArgument refused) {
                assertClean(refused.getMessage());
            }
        }
        assertTrue(parsed > 0 && parsed < 3000, parsed + " of 3000 parsed");
    }

    @Test
    void aParameterMayBeASecret() {
        ModuleDescriptor module = parse(MINIMAL + "parameters:\n  token: {type: string, secret: true}\n  zone: {type: string}\n");
        assertTrue(module.parameters().get(0).secret());
        assertFalse(module.parameters().get(1).secret(), "not a secret unless it says so");
        assertTrue(refused(MINIMAL + "parameters:\n  token: {type: string, secret: maybe}\n")
                .contains("parameters.token.secret: "), "secret is true or false");
        assertTrue(refused(MINIMAL + "parameters:\n  token: {type: string, secret: true, default: abc}\n")
                .contains("a secret with a default"));
    }
}
