package org.labctl.modules.internal;

import java.util.regex.Pattern;
import org.labctl.api.InvalidArgument;

/**
 * A regular expression matched with a budget: a pattern from a module (which labd does not write) and a
 * value from a user must not keep a labd thread busy for ever by catastrophic backtracking. The matcher
 * reads the text through a {@link CharSequence} that counts its reads and gives up past a limit.
 */
public final class BoundedMatch {

    /** Reads of the text a match may make. */
    static final long BUDGET = 5_000_000;

    private BoundedMatch() {
    }

    /**
     * Whether the whole text matches.
     *
     * @throws InvalidArgument when the match takes too long (the pattern backtracks too much on this text)
     */
    public static boolean matches(Pattern pattern, String text) {
        try {
            return pattern.matcher(new Counted(text)).matches();
        } catch (BudgetSpent e) {
            throw new InvalidArgument(Text.quote(text) + " cannot be matched against the pattern " + pattern.pattern()
                    + " in reasonable time; the pattern backtracks too much (its module should simplify it)");
        }
    }

    private static final class BudgetSpent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetSpent() {
            super(null, null, false, false);
        }
    }

    private static final class Counted implements CharSequence {
        private final String text;
        private final long[] reads;

        Counted(String text) {
            this(text, new long[1]);
        }

        private Counted(String text, long[] reads) {
            this.text = text;
            this.reads = reads;
        }

        @Override
        public char charAt(int index) {
            if (++reads[0] > BUDGET) {
                throw new BudgetSpent();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Counted(text.substring(start, end), reads);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
