package org.labctl.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.InvalidArgument;

class YamlTest {

    private static Object parse(String text) {
        return Yaml.parse("module.yaml", text.getBytes(StandardCharsets.UTF_8));
    }

    private static String refused(String text) {
        return refused(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String refused(byte[] bytes) {
        String message = assertThrows(InvalidArgument.class, () -> Yaml.parse("module.yaml", bytes)).getMessage();
        assertClean(message);
        return message;
    }

    /** What a user reads: one line that starts with the file, no parser class names, no stack. */
    static void assertClean(String message) {
        assertTrue(message.startsWith("module.yaml"), message);
        for (String leak : List.of("com.fasterxml", "org.yaml", "snakeyaml", "jackson", "Jackson", "Exception", "\n", "\tat ")) {
            assertFalse(message.contains(leak), "leaks " + leak + ": " + message);
        }
    }

    @Test
    void plainDataBecomesMapsListsAndScalarsWithTheirText() {
        Object root = parse("""
                name: chrony
                version: 1.10
                count: 3
                big: 12345678901234567890
                ratio: 0.5
                on: true
                nothing: ~
                list: [a, "b", 1]
                nested: {k: v}
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) root;
        assertEquals(List.of("name", "version", "count", "big", "ratio", "on", "nothing", "list", "nested"), List.copyOf(map.keySet()));
        assertEquals(new Yaml.Scalar("chrony", "chrony"), map.get("name"));
        assertEquals("1.10", ((Yaml.Scalar) map.get("version")).text(), "the text as written, not 1.1");
        assertEquals(1.1, ((Yaml.Scalar) map.get("version")).value());
        assertEquals(3L, ((Yaml.Scalar) map.get("count")).value(), "integers are longs");
        assertEquals(new java.math.BigInteger("12345678901234567890"), ((Yaml.Scalar) map.get("big")).value());
        assertEquals(Boolean.TRUE, ((Yaml.Scalar) map.get("on")).value());
        assertNull(((Yaml.Scalar) map.get("nothing")).value());
        assertEquals(List.of("a", "b", 1L), Yaml.plain(map.get("list")));
        assertEquals(Map.of("k", "v"), Yaml.plain(map.get("nested")));
    }

    @Test
    void anEmptyDocumentIsNull() {
        assertNull(parse(""));
        assertNull(parse("# only a comment\n"));
    }

    @Test
    void aByteOrderMarkIsSkipped() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ':', ' ', 'b'};
        assertEquals(Map.of("a", "b"), Yaml.plain(Yaml.parse("module.yaml", bom)));
    }

    @Test
    void moreThan64KiBIsRefusedBeforeItIsParsed() {
        byte[] big = ("a: \"" + "x".repeat(Yaml.MAX_BYTES) + "\"").getBytes(StandardCharsets.UTF_8);
        assertEquals("module.yaml is " + big.length + " bytes; at most 65536 (64 KiB) are read", refused(big));
    }

    @Test
    void textThatIsNotUtf8IsRefusedNamingTheByte() {
        byte[] latin1 = "description: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("module.yaml is not UTF-8 text: byte 16 (0xE9) starts no UTF-8 character; save it as UTF-8", refused(latin1));
        byte[] utf16 = "a: b".getBytes(StandardCharsets.UTF_16);
        assertTrue(refused(utf16).startsWith("module.yaml is not UTF-8 text: byte 0 (0xFE)"));
        byte[] truncated = {'a', ':', ' ', (byte) 0xC3};
        assertTrue(refused(truncated).startsWith("module.yaml is not UTF-8 text: byte 3 (0xC3)"));
    }

    @Test
    void controlCharactersAreRefusedWithTheirPlace() {
        assertEquals("module.yaml: line 2, column 4 holds the control character U+0000, which YAML does not allow",
                refused("a: b\nc: \u0000\n"));
        assertEquals("module.yaml: line 1, column 5 holds the control character U+001B, which YAML does not allow",
                refused("a: b\u001b[31m"));
        assertEquals(Map.of("a", "b"), Yaml.plain(parse("a: b\t\r\n")), "tabs and CR LF are fine");
    }

    @Test
    void aliasesAndAnchorsAreRefusedSoNoBombCanExplode() {
        String bomb = """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                """;
        String message = refused(bomb);
        assertTrue(message.contains("anchors and aliases are not allowed"), message);
        assertTrue(message.startsWith("module.yaml: line 1, column 4 sets an anchor (&a)"), message);
        assertTrue(refused("a: {k: v}\nb: &x {c: d}\n").contains("sets an anchor (&x)"));
        assertEquals(Map.of("a", "b"), Yaml.plain(parse("a: &x b\n")), "an anchor on a scalar is harmless (and invisible)");
        assertTrue(refused("a: &x b\nc: *x\n").contains("uses an alias (*x)"), "but using it is not");
        assertTrue(refused("a: *x\n").contains("not valid YAML") || refused("a: *x\n").contains("alias"),
                "an alias to nothing is refused one way or the other");
        assertTrue(refused("base: &base {k: v}\nother:\n  <<: *base\n").contains("anchor"), "merge keys need anchors");
    }

    @Test
    void tagsAreRefused() {
        for (String tagged : List.of("a: !!binary aGVsbG8=", "a: !!python/object:os.system [ls]",
                "a: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]",
                "a: !custom b", "a: !!str 5", "a: !!map {b: c}")) {
            String message = refused(tagged);
            assertTrue(message.contains("tags are not allowed"), tagged + " -> " + message);
        }
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertEquals("module.yaml: line 3, column 1 gives \"name\" twice; give each key once", refused("name: a\nversion: 1.0.0\nname: b\n"));
        assertTrue(refused("a: {b: 1, b: 2}").contains("gives \"b\" twice"));
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "a: " + "[".repeat(40) + "]".repeat(40);
        assertTrue(refused(deep).contains("nested deeper than 16 levels"), refused(deep));
        String deepMaps = "a: " + "{b: ".repeat(500) + "c" + "}".repeat(500);
        assertTrue(refused(deepMaps).contains("nested deeper than 16 levels"), refused(deepMaps));
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            block.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        assertTrue(refused(block.toString()).contains("nested deeper than 16 levels"));
        Object fifteen = parse("a: " + "[".repeat(15) + "]".repeat(15));
        assertTrue(fifteen instanceof Map<?, ?>);
    }

    @Test
    void manyValuesAreRefused() {
        String many = "a: [" + "1,".repeat(Yaml.MAX_NODES) + "1]";
        assertTrue(refused(many).contains("holds more than 10000 values"));
    }

    @Test
    void oneDocumentOnly() {
        assertTrue(refused("a: b\n---\nc: d\n").contains("holds more than one YAML document"));
    }

    @Test
    void syntaxErrorsSayWhereInWords() {
        String message = refused("name: a\n  version: 1.0.0\n");
        assertTrue(message.startsWith("module.yaml: line 2, column "), message);
        assertTrue(message.contains("not valid YAML: mapping values are not allowed here"), message);
        assertTrue(refused("a: [b, c\n").contains("not valid YAML"));
        assertTrue(refused("a: \"unterminated\n").contains("not valid YAML"));
        assertTrue(refused("? [complex, key]\n: value\n").startsWith("module.yaml"));
    }

    @Test
    void aCommandLineValueIsParsedTheSameWay() {
        assertEquals(List.of("a", "b"), Yaml.plain(Yaml.parse("--set servers", "[a, b]")));
        InvalidArgument refused = assertThrows(InvalidArgument.class, () -> Yaml.parse("--set servers", "[a, *b]"));
        assertTrue(refused.getMessage().startsWith("--set servers: "), refused.getMessage());
    }
}
