package org.labctl.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.InvalidArgument;
import org.labctl.modules.ParameterSpec.Type;

class ParametersTest {

    /** The example module's parameters (src/test/resources/example/module.yaml). */
    private static Parameters chrony() throws Exception {
        return Parameters.of(ModuleDescriptorTest.parse(ModuleDescriptorTest.example()));
    }

    private static String refused(Parameters parameters, Map<String, ?> values, String... sets) {
        return assertThrows(InvalidArgument.class, () -> parameters.resolve(values, Arrays.asList(sets))).getMessage();
    }

    private static ParameterSpec spec(Type type) {
        return new ParameterSpec("p", type, null, false, null, null, null, null, null);
    }

    @Test
    void defaultsFillWhatIsNotGivenInDeclaredOrder() throws Exception {
        Map<String, Object> values = chrony().resolve(Map.of("zone", "Europe/Paris"));
        assertEquals(List.of("servers", "maxOffsetMs", "mode", "makestep", "zone"), List.copyOf(values.keySet()),
                "allowFrom has no default and is not required: absent");
        assertEquals(List.of("0.pool.ntp.org", "1.pool.ntp.org"), values.get("servers"));
        assertEquals(100L, values.get("maxOffsetMs"));
        assertEquals("client", values.get("mode"));
        assertEquals(true, values.get("makestep"));
        assertEquals("Europe/Paris", values.get("zone"));
        assertThrows(UnsupportedOperationException.class, () -> values.put("x", 1));
    }

    @Test
    void valuesFromJsonKeepTheirTypes() throws Exception {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("zone", "UTC");
        given.put("servers", List.of("ntp.example.net"));
        given.put("maxOffsetMs", 250);
        given.put("makestep", false);
        given.put("allowFrom", "10.0.0.0/8");
        given.put("mode", null);
        Map<String, Object> values = chrony().resolve(given);
        assertEquals(250L, values.get("maxOffsetMs"), "an Integer from JSON becomes a Long");
        assertEquals(false, values.get("makestep"));
        assertEquals(List.of("ntp.example.net"), values.get("servers"));
        assertEquals("client", values.get("mode"), "null counts as not given: the default applies");
    }

    @Test
    void setAssignmentsAreReadAsTheParametersTypeAndOverrideValues() throws Exception {
        Map<String, Object> values = chrony().resolve(Map.of("zone", "UTC", "maxOffsetMs", 5),
                List.of("maxOffsetMs=42", "servers=a.example,b.example", "makestep=false", "zone=Europe/Paris", "mode=server"));
        assertEquals(42L, values.get("maxOffsetMs"));
        assertEquals(List.of("a.example", "b.example"), values.get("servers"));
        assertEquals(false, values.get("makestep"));
        assertEquals("Europe/Paris", values.get("zone"));
        assertTrue(refused(chrony(), Map.of(), "zone=UTC", "mode= server").endsWith("mode: \" server\" is not one of \"client\", "
                + "\"server\""), "a string is taken as written, blanks and all");
        assertEquals(List.of("x", "y"), chrony().resolve(null, List.of("zone=UTC", "servers=[x, y]")).get("servers"),
                "a YAML list works too");
        assertEquals("a=b", chrony().resolve(null, List.of("zone=a=b")).get("zone"), "only the first = splits");
    }

    @Test
    void everyProblemIsInOneMessage() throws Exception {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("sevrers", List.of("x"));
        given.put("maxOffsetMs", "fast");
        given.put("mode", "peer");
        String message = refused(chrony(), given, "allowFrom=everyone", "makestep=yes", "nonsense", "servers=");
        assertEquals("invalid parameters for module chrony: "
                + "unknown parameter \"sevrers\" (did you mean servers?); chrony has servers, maxOffsetMs, mode, allowFrom, "
                + "makestep, zone; "
                + "--set \"nonsense\" is not NAME=VALUE; "
                + "servers: the list has 0 items; at least 1; "
                + "maxOffsetMs: \"fast\" is text, not an integer; "
                + "mode: \"peer\" is not one of \"client\", \"server\"; "
                + "allowFrom: \"everyone\" does not match the pattern [0-9.]+/[0-9]{1,2}; "
                + "makestep: \"yes\" is not a boolean (true or false); "
                + "zone: required; give it with --set zone=VALUE", message);
    }

    @Test
    void integersAreWholeAndWithinBounds() throws Exception {
        Parameters chrony = chrony();
        assertTrue(refused(chrony, Map.of("zone", "UTC", "maxOffsetMs", 0)).endsWith("maxOffsetMs: 0 is less than the minimum 1"));
        assertTrue(refused(chrony, Map.of("zone", "UTC"), "maxOffsetMs=60001").endsWith("maxOffsetMs: 60001 is more than the maximum 60000"));
        assertTrue(refused(chrony, Map.of("zone", "UTC", "maxOffsetMs", 2.5)).endsWith("maxOffsetMs: 2.5 is a number, not an integer"));
        assertTrue(refused(chrony, Map.of("zone", "UTC"), "maxOffsetMs=2.5").endsWith("maxOffsetMs: \"2.5\" is not an integer"));
        assertTrue(refused(chrony, Map.of("zone", "UTC"), "maxOffsetMs=99999999999999999999")
                .endsWith("maxOffsetMs: \"99999999999999999999\" is too large for an integer"));
        assertTrue(refused(chrony, Map.of("zone", "UTC", "maxOffsetMs", true)).endsWith("maxOffsetMs: true is a boolean, not an integer"));
        assertEquals(7L, spec(Type.INTEGER).parse(" +7 "));
        assertEquals(-7L, spec(Type.INTEGER).parse("-7"));
        assertEquals(Long.MAX_VALUE, spec(Type.INTEGER).check(new java.math.BigInteger(String.valueOf(Long.MAX_VALUE))));
    }

    @Test
    void numbersAreFiniteDecimals() {
        ParameterSpec ratio = new ParameterSpec("ratio", Type.NUMBER, 0.5, false, null, null, null, 0, 1);
        assertEquals(0.25, ratio.parse("0.25"));
        assertEquals(1.0, ratio.check(1), "an integer is a number");
        assertEquals(0.0, ratio.parse("0"));
        assertEquals(1.0, ratio.parse("1e0"));
        for (String bad : List.of("NaN", "Infinity", "-Infinity", "0x1p3", "1,5", "", "one")) {
            assertEquals("ratio: \"" + bad + "\" is not a number", assertThrows(InvalidArgument.class, () -> ratio.parse(bad)).getMessage());
        }
        assertEquals("ratio: 1.5 is more than the maximum 1", assertThrows(InvalidArgument.class, () -> ratio.check(1.5)).getMessage());
        assertEquals("ratio: NaN is not a finite number", assertThrows(InvalidArgument.class, () -> ratio.check(Double.NaN)).getMessage());
    }

    @Test
    void booleansAreTrueOrFalse() {
        ParameterSpec flag = spec(Type.BOOLEAN);
        assertEquals(true, flag.parse("true"));
        assertEquals(false, flag.parse(" false "));
        for (String bad : List.of("yes", "no", "1", "TRUE", "on")) {
            assertEquals("p: \"" + bad + "\" is not a boolean (true or false)",
                    assertThrows(InvalidArgument.class, () -> flag.parse(bad)).getMessage());
        }
        assertEquals("p: \"true\" is text, not a boolean (true or false)",
                assertThrows(InvalidArgument.class, () -> flag.check("true")).getMessage(), "JSON has booleans");
    }

    @Test
    void listsAndMapsHoldPlainValues() {
        ParameterSpec list = spec(Type.LIST);
        assertEquals(List.of(), list.parse(""));
        assertEquals(List.of("a", "b c"), list.parse(" a , b c "));
        assertEquals(List.of(1L, "two", true, List.of(3L)), list.parse("[1, two, true, [3]]"));
        assertEquals("p: \"a,,b\" has an empty item; write items separated by commas (a,b) or a YAML list ([a, b])",
                assertThrows(InvalidArgument.class, () -> list.parse("a,,b")).getMessage());
        assertEquals("p: holds an empty (null) item; give every item a value",
                assertThrows(InvalidArgument.class, () -> list.check(Arrays.asList("a", null))).getMessage());
        assertTrue(assertThrows(InvalidArgument.class, () -> list.parse("[a, *b]")).getMessage().startsWith("--set p: "));
        assertEquals("p: \"a\" is text, not a list", assertThrows(InvalidArgument.class, () -> list.check("a")).getMessage());

        ParameterSpec map = new ParameterSpec("limits", Type.MAP, null, false, null, null, null, null, 2);
        assertEquals(Map.of("cpu", "2", "memory", "1Gi"), map.parse("{cpu: \"2\", memory: 1Gi}"));
        assertEquals(Map.of("cpu", 2L), map.check(Map.of("cpu", 2)));
        assertEquals("limits: \"cpu=2\" is not a mapping; write it as {key: value, ...}",
                assertThrows(InvalidArgument.class, () -> map.parse("cpu=2")).getMessage());
        assertEquals("limits: the mapping has 3 entries; at most 2",
                assertThrows(InvalidArgument.class, () -> map.parse("{a: 1, b: 2, c: 3}")).getMessage());
        Map<Object, Object> numericKey = new HashMap<>();
        numericKey.put(1, "x");
        assertEquals("limits: holds a mapping whose key 1 is not text",
                assertThrows(InvalidArgument.class, () -> map.check(numericKey)).getMessage());
        Object nested = List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of(List.of(
                List.of(List.of(List.of(List.of(List.of(List.of("deep"))))))))))))))))));
        assertTrue(assertThrows(InvalidArgument.class, () -> list.check(nested)).getMessage().contains("nested deeper than 16"));
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) list.parse("a,b")).clear());
    }

    @Test
    void stringsAreBoundedByLengthPatternAndEnum() {
        ParameterSpec name = new ParameterSpec("name", Type.STRING, null, false, null, null, "[a-z]+", 2, 5);
        assertEquals("abc", name.parse("abc"));
        assertEquals("name: \"a\" is 1 character long; at least 2", assertThrows(InvalidArgument.class, () -> name.parse("a")).getMessage());
        assertEquals("name: \"abcdef\" is 6 characters long; at most 5", assertThrows(InvalidArgument.class, () -> name.parse("abcdef")).getMessage());
        assertEquals("name: \"ab1\" does not match the pattern [a-z]+", assertThrows(InvalidArgument.class, () -> name.parse("ab1")).getMessage());
        assertEquals("name: \"ab\\nc\" does not match the pattern [a-z]+",
                assertThrows(InvalidArgument.class, () -> name.parse("ab\nc")).getMessage(), "the whole value must match");
        assertEquals("name: 5 is an integer, not text", assertThrows(InvalidArgument.class, () -> name.check(5)).getMessage());
        assertEquals("p: holds a NUL character, which labd does not take",
                assertThrows(InvalidArgument.class, () -> spec(Type.STRING).parse("a\0b")).getMessage());
        String huge = "x".repeat(64 * 1024 + 1);
        assertEquals("p: is 65537 characters long; at most 65536",
                assertThrows(InvalidArgument.class, () -> spec(Type.STRING).parse(huge)).getMessage());
    }

    @Test
    void aBacktrackingPatternGivesUpInsteadOfHangingLabd() {
        // without a budget this takes about 20 s for 28 characters on a build machine, and doubles with each one more
        ParameterSpec evil = new ParameterSpec("p", Type.STRING, null, false, null, null, "((a+)+)+b", null, null);
        long start = System.nanoTime();
        String message = assertThrows(InvalidArgument.class, () -> evil.parse("a".repeat(40) + "c")).getMessage();
        assertTrue(message.startsWith("p: \"aaaa"), message);
        assertTrue(message.endsWith("cannot be matched against the pattern ((a+)+)+b in reasonable time; the pattern backtracks "
                + "too much (its module should simplify it)"), message);
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "gave up within seconds");
    }

    @Test
    void assignmentsAreNameEqualsValueOnceEach() throws Exception {
        Parameters chrony = chrony();
        assertTrue(refused(chrony, null, "zone=UTC", "=UTC").contains("--set \"=UTC\" is not NAME=VALUE"));
        assertTrue(refused(chrony, null, "zone=UTC", "zone=CET").contains("--set zone is given twice"));
        assertTrue(refused(chrony, null, "zone=UTC", "foo=1").contains("unknown parameter \"foo\"; chrony has servers"));
        assertTrue(refused(chrony, null, java.util.Collections.nCopies(257, "zone=UTC").toArray(String[]::new))
                .contains("257 --set assignments; at most 256"));
        Parameters none = new Parameters("bare", List.of());
        assertEquals(Map.of(), none.resolve(null, null));
        assertEquals("invalid parameters for module bare: unknown parameter \"x\": bare has no parameters",
                refused(none, Map.of("x", 1)));
    }

    @Test
    void declarationsAreCheckedThemselves() {
        assertEquals("parameters.p: required and with a default: a required parameter must be given, so its default would "
                + "never be used; drop one of them", assertThrows(InvalidArgument.class,
                () -> new ParameterSpec("p", Type.STRING, "x", true, null, null, null, null, null)).getMessage());
        assertEquals("parameters.p.type: missing; one of string, integer, number, boolean, list, map",
                assertThrows(InvalidArgument.class, () -> new ParameterSpec("p", null, null, false, null, null, null, null, null)).getMessage());
        assertEquals("parameters: \"a b\" is not a parameter name: a letter, then letters, digits, '_' and '-', at most 63 "
                + "characters", assertThrows(InvalidArgument.class,
                () -> new ParameterSpec("a b", Type.STRING, null, false, null, null, null, null, null)).getMessage());
        assertEquals("parameters.p.pattern: only a string parameter has a pattern, not an integer", assertThrows(InvalidArgument.class,
                () -> new ParameterSpec("p", Type.INTEGER, null, false, null, null, "[0-9]+", null, null)).getMessage());
        assertEquals("parameters.p.pattern: \"[a-\" is not a regular expression: Illegal character range near character 3",
                assertThrows(InvalidArgument.class,
                        () -> new ParameterSpec("p", Type.STRING, null, false, null, null, "[a-", null, null)).getMessage());
        assertEquals("parameters.p: min 5 is more than max 1", assertThrows(InvalidArgument.class,
                () -> new ParameterSpec("p", Type.INTEGER, null, false, null, null, null, 5, 1)).getMessage());
        assertEquals("parameters.p.min: 1.5 is a number, not an integer", assertThrows(InvalidArgument.class,
                () -> new ParameterSpec("p", Type.INTEGER, null, false, null, null, null, 1.5, null)).getMessage());
        assertEquals("parameters.p.min: -1 is negative; it counts the items of the list", assertThrows(InvalidArgument.class,
                () -> new ParameterSpec("p", Type.LIST, null, false, null, null, null, -1, null)).getMessage());
        assertEquals("parameters.p.max: a boolean parameter has no bounds", assertThrows(InvalidArgument.class,
                () -> new ParameterSpec("p", Type.BOOLEAN, null, false, null, null, null, null, 1)).getMessage());
        assertEquals("parameters.p.enum: only string, integer and number parameters have an enum, not a list",
                assertThrows(InvalidArgument.class,
                        () -> new ParameterSpec("p", Type.LIST, null, false, null, List.of("a"), null, null, null)).getMessage());
        assertEquals("parameters.p.enum[1]: \"two\" is text, not an integer", assertThrows(InvalidArgument.class,
                () -> new ParameterSpec("p", Type.INTEGER, null, false, null, List.of(1, "two"), null, null, null)).getMessage());
        assertEquals("parameters.p.enum[1]: 9 is more than the maximum 5", assertThrows(InvalidArgument.class,
                () -> new ParameterSpec("p", Type.INTEGER, null, false, null, List.of(1, 9), null, 0, 5)).getMessage());
        assertEquals("parameters.p.enum: 1 is given twice", assertThrows(InvalidArgument.class,
                () -> new ParameterSpec("p", Type.NUMBER, null, false, null, List.of(1, 1.0), null, null, null)).getMessage());
        assertEquals("parameters.p.default: \"c\" is not one of \"a\", \"b\"", assertThrows(InvalidArgument.class,
                () -> new ParameterSpec("p", Type.STRING, "c", false, null, List.of("a", "b"), null, null, null)).getMessage());
        assertEquals("parameters.p.default: 10 is more than the maximum 5", assertThrows(InvalidArgument.class,
                () -> new ParameterSpec("p", Type.INTEGER, 10, false, null, null, null, null, 5)).getMessage());
    }

    @Test
    void declarationsInModuleYamlAreCheckedWithTheirPath() {
        String base = ModuleDescriptorTest.MINIMAL;
        assertEquals("module.yaml: parameters.port.type: \"int\" is not a type: one of string, integer, number, boolean, list, map",
                ModuleDescriptorTest.refused(base + "parameters: {port: {type: int}}"));
        assertEquals("module.yaml: parameters.port.type: missing", ModuleDescriptorTest.refused(base + "parameters: {port: {default: 1}}"));
        assertEquals("module.yaml: parameters.port: empty; give at least its type (type: string)",
                ModuleDescriptorTest.refused(base + "parameters: {port: }"));
        assertEquals("module.yaml: parameters.port.default: \"http\" is text, not an integer",
                ModuleDescriptorTest.refused(base + "parameters: {port: {type: integer, default: http}}"));
        assertEquals("module.yaml: parameters.port.default: 70000 is more than the maximum 65535",
                ModuleDescriptorTest.refused(base + "parameters: {port: {type: integer, default: 70000, min: 1, max: 65535}}"));
        assertEquals("module.yaml: parameters.port.required: \"maybe\" is text; write true or false",
                ModuleDescriptorTest.refused(base + "parameters: {port: {type: integer, required: maybe}}"));
        assertEquals("module.yaml: parameters.port.min: \"one\" is text; expected a number",
                ModuleDescriptorTest.refused(base + "parameters: {port: {type: integer, min: one}}"));
        assertEquals("1.10", ModuleDescriptorTest.parse(base + "parameters: {version: {type: string, default: 1.10}}")
                        .parameter("version").defaultValue(), "a string default keeps its text");
        assertEquals(List.of("a", 1L, true), ModuleDescriptorTest.parse(base + "parameters: {l: {type: list, default: [a, 1, true]}}")
                .parameter("l").defaultValue());
        assertEquals(Map.of("k", "v"), ModuleDescriptorTest.parse(base + "parameters: {m: {type: map, default: {k: v}}}")
                .parameter("m").defaultValue());
        assertEquals(0.5, ModuleDescriptorTest.parse(base + "parameters: {r: {type: number, default: 0.5, min: 0, max: 1}}")
                .parameter("r").defaultValue());
        assertEquals("module.yaml: parameters.r.default: .inf is not a finite number",
                ModuleDescriptorTest.refused(base + "parameters: {r: {type: number, default: .inf}}"));
        assertEquals("module.yaml: parameters: \"bad name\" is not a parameter name: a letter, then letters, digits, '_' and "
                + "'-', at most 63 characters", ModuleDescriptorTest.refused(base + "parameters: {\"bad name\": {type: string}}"));
    }

    private static final String TOKEN = "K10-very-secret-join-token";

    private static Parameters withSecret() {
        return Parameters.of(ModuleDescriptorTest.parse(ModuleDescriptorTest.MINIMAL + """
                parameters:
                  token: {type: string, secret: true, required: true, min: 16, pattern: 'K10.*'}
                  server: {type: string, default: https://k3s.example.net:6443}
                """));
    }

    @Test
    void aSecretIsResolvedLikeAnyStringAndRedactedWhenShown() {
        Parameters parameters = withSecret();
        assertTrue(parameters.secret("token"));
        assertFalse(parameters.secret("server"));
        assertFalse(parameters.secret("nothing"));
        Map<String, Object> values = parameters.resolve(Map.of(), List.of("token=" + TOKEN));
        assertEquals(TOKEN, values.get("token"), "the agent gets the value itself");
        Map<String, Object> shown = parameters.redact(values);
        assertEquals(Parameters.REDACTED, shown.get("token"));
        assertEquals("https://k3s.example.net:6443", shown.get("server"), "only secrets are redacted");
    }

    @Test
    void aRefusedSecretIsNeverShownInTheMessage() {
        Parameters parameters = withSecret();
        for (String bad : List.of("K10-short", "not-a-k3s-token-at-all")) {
            String message = refused(parameters, Map.of(), "token=" + bad);
            assertFalse(message.contains(bad), message);
            assertTrue(message.contains("token: the secret"), message);
        }
        String number = refused(parameters, Map.of("token", 123456789012345678L));
        assertFalse(number.contains("123456789012345678"), number);
        assertTrue(number.contains("a secret is text, not a number"), number);
        String refusedPlain = assertThrows(InvalidArgument.class, () -> new ParameterSpec("p", Type.STRING, null, false, null, null,
                "x+", null, null).check("yyy")).getMessage();
        assertTrue(refusedPlain.contains("yyy"), "a parameter that is no secret is shown: " + refusedPlain);
    }

    @Test
    void aSecretIsAStringWithoutDefaultOrEnum() {
        assertTrue(assertThrows(InvalidArgument.class, () -> new ParameterSpec("p", Type.INTEGER, null, false, null, null, null,
                null, null, true)).getMessage().contains("parameters.p.secret: only a string parameter is a secret, not an integer"));
        String withDefault = assertThrows(InvalidArgument.class, () -> new ParameterSpec("p", Type.STRING, "hunter2", false, null,
                null, null, null, null, true)).getMessage();
        assertTrue(withDefault.contains("a secret with a default"), withDefault);
        assertFalse(withDefault.contains("hunter2"), withDefault);
        assertTrue(assertThrows(InvalidArgument.class, () -> new ParameterSpec("p", Type.STRING, null, false, null, List.of("a"),
                null, null, null, true)).getMessage().contains("a secret with an enum"));
    }
}
