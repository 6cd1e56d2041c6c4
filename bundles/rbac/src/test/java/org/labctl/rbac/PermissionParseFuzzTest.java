package org.labctl.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Permission;

/**
 * Fuzzes {@link Permission#parse}: any string, strings built from the grammar's pieces, and
 * mutations of valid permissions. parse must either return a permission that prints exactly the
 * text it was given (and parses back to itself) or throw {@link InvalidArgument} with a bounded
 * message stating the grammar; any other exception fails. 10,000 tries (seeded, see
 * {@link PropertyRuns}), time-boxed to 5 seconds, about a second; a failing text shrinks by
 * dropping characters.
 */
class PermissionParseFuzzTest {

    private static final String NASTY = "*:-._ \t\n\u0000\u001bAZaz09é\u00a0\u2028\ud800/\\'\"%";
    private static final List<String> PIECES = List.of("read", "exec", "apply", "destroy", "manage", "admin", "kubectl",
            "*", "", "baremetal", "lab", "web-1", "a.b_c", "-x", "x-", "web-*", "**", "READ", "0", "a".repeat(63),
            "a".repeat(64));

    @Test
    void parseReturnsWhatPrintsTheSameTextOrThrowsInvalidArgument() {
        PropertyRuns.Outcome outcome = PropertyRuns.forAll("parseReturnsWhatPrintsTheSameTextOrThrowsInvalidArgument",
                        PermissionParseFuzzTest::candidate)
                .tries(10_000)
                .timeBox(Duration.ofSeconds(5))
                .shrinkBy(PropertyRuns::shorter)
                .describeBy(PropertyRuns::javaLiteral)
                .check(text -> {
                    Permission permission;
                    try {
                        permission = Permission.parse(text);
                    } catch (InvalidArgument rejected) {
                        String message = rejected.getMessage();
                        assertTrue(message.endsWith(Permission.GRAMMAR), message);
                        assertTrue(message.length() < 600, message);
                        assertTrue(message.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
                                () -> "unescaped character in " + PropertyRuns.javaLiteral(message));
                        return "rejected";
                    }
                    assertEquals(text, permission.toString());
                    assertEquals(permission, Permission.parse(permission.toString()));
                    return "parsed";
                });
        outcome.assertCoverage("parsed", p -> p > 5, "more than 5% of the texts parse");
        outcome.assertCoverage("rejected", p -> p > 20, "more than 20% of the texts are rejected");
    }

    /** Any string 1 in 8, pieces of the grammar joined 2 in 8, valid-looking 2 in 8, mutated 3 in 8. */
    static String candidate(Random random) {
        int pick = random.nextInt(8);
        if (pick < 1) {
            return anything(random);
        }
        if (pick < 3) {
            return assembled(random);
        }
        if (pick < 5) {
            return valid(random);
        }
        return mutate(valid(random), random);
    }

    /**
     * Up to 120 characters from the whole {@code char} range (lone surrogates included); a quarter
     * of the characters from {@link #NASTY}, so that separators and wildcards come up.
     */
    private static String anything(Random random) {
        int length = random.nextInt(4) == 0 ? random.nextInt(6) : random.nextInt(121);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(4) == 0 ? NASTY.charAt(random.nextInt(NASTY.length()))
                    : (char) random.nextInt(Character.MAX_VALUE + 1));
        }
        return text.toString();
    }

    /** One of {@link #PIECES}, or up to 70 characters of {@link #NASTY} and a few letters, even odds. */
    private static String piece(Random random) {
        if (random.nextBoolean()) {
            return PIECES.get(random.nextInt(PIECES.size()));
        }
        String chars = NASTY + "abcdefghij";
        int length = random.nextInt(71);
        StringBuilder piece = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            piece.append(chars.charAt(random.nextInt(chars.length())));
        }
        return piece.toString();
    }

    /** One to six pieces joined by {@code :}. */
    private static String assembled(Random random) {
        int count = 1 + random.nextInt(6);
        List<String> pieces = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pieces.add(piece(random));
        }
        return String.join(":", pieces);
    }

    /** An action or {@code *} from the first eight pieces, then any three pieces. */
    private static String valid(Random random) {
        return PIECES.get(random.nextInt(8)) + ":" + PIECES.get(random.nextInt(PIECES.size())) + ":"
                + PIECES.get(random.nextInt(PIECES.size())) + ":" + PIECES.get(random.nextInt(PIECES.size()));
    }

    /** One to three edits: insert, delete or replace a character, or double a segment separator. */
    private static String mutate(String text, Random random) {
        StringBuilder mutated = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = mutated.length() == 0 ? 0 : random.nextInt(mutated.length());
            char c = NASTY.charAt(random.nextInt(NASTY.length()));
            switch (random.nextInt(4)) {
                case 0 -> mutated.insert(at, c);
                case 1 -> {
                    if (mutated.length() > 0) {
                        mutated.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (mutated.length() > 0) {
                        mutated.setCharAt(at, c);
                    }
                }
                default -> mutated.insert(at, ':');
            }
        }
        return mutated.toString();
    }
}
