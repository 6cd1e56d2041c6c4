package org.labctl.rbac;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A small runner for the randomized tests of this module, on plain JUnit 5: checks a property
 * against samples drawn from a seeded {@link Random} (or against every sample of a small
 * universe), counts a label per sample for coverage checks, and on the first failure shrinks the
 * sample greedily (the first smaller candidate that still fails the same way, again and again)
 * and fails with the smallest one, the original one and the seed.
 *
 * <p>The seed is random on every run and named in every failure; {@code -Dlabctl.rbac.seed=N}
 * repeats a run, e.g. {@code mvn test -pl bundles/rbac -Dtest=PolicyPropertiesTest -Dlabctl.rbac.seed=N}.
 *
 * @param <T> the samples
 */
final class PropertyRuns<T> {

    /** The system property that fixes the seed of every run. */
    static final String SEED_PROPERTY = "labctl.rbac.seed";

    /** Bounds the work after a failure: candidates tried while shrinking. */
    private static final int MAX_SHRINK_ATTEMPTS = 20_000;

    /** A property of one sample: returns normally (with a label to count, or null) or throws. */
    @FunctionalInterface
    interface Property<T> {
        Object check(T sample) throws Exception;
    }

    private final String name;
    private final Function<Random, T> generator;
    private final List<T> universe;
    private int tries = 1_000;
    private Duration timeBox;
    private Function<T, Stream<T>> shrinker = sample -> Stream.empty();
    private Function<T, String> describer = String::valueOf;

    private PropertyRuns(String name, Function<Random, T> generator, List<T> universe) {
        this.name = name;
        this.generator = generator;
        this.universe = universe;
    }

    /** Random samples from {@code generator}, 1,000 unless {@link #tries(int)} says otherwise. */
    static <T> PropertyRuns<T> forAll(String name, Function<Random, T> generator) {
        return new PropertyRuns<>(name, generator, null);
    }

    /** Every sample of {@code universe}, in order: exhaustive, no seed. */
    static <T> PropertyRuns<T> forEach(String name, List<T> universe) {
        return new PropertyRuns<>(name, null, List.copyOf(universe));
    }

    PropertyRuns<T> tries(int tries) {
        this.tries = tries;
        return this;
    }

    /** Stops drawing samples after {@code timeBox} even if fewer than {@link #tries(int)} were checked. */
    PropertyRuns<T> timeBox(Duration timeBox) {
        this.timeBox = timeBox;
        return this;
    }

    /** Smaller samples to try, in order, when a sample fails. */
    PropertyRuns<T> shrinkBy(Function<T, Stream<T>> shrinker) {
        this.shrinker = shrinker;
        return this;
    }

    /** How a sample is shown in a failure. */
    PropertyRuns<T> describeBy(Function<T, String> describer) {
        this.describer = describer;
        return this;
    }

    /** The seed for a run: {@value #SEED_PROPERTY} when set, otherwise a random one. */
    static long seed() {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            return Long.parseLong(fixed.trim());
        }
        return ThreadLocalRandom.current().nextLong();
    }

    /**
     * Checks the property on every sample; throws an {@link AssertionError} for the first failing
     * one, shrunk, with the seed; otherwise returns what the samples were labelled.
     */
    Outcome check(Property<T> property) {
        long seed = universe == null ? seed() : 0;
        Random random = new Random(seed);
        int total = universe == null ? tries : universe.size();
        long start = System.nanoTime();
        Map<String, Integer> labels = new LinkedHashMap<>();
        int checked = 0;
        for (; checked < total; checked++) {
            if (timeBox != null && System.nanoTime() - start >= timeBox.toNanos()) {
                break;
            }
            T sample = universe == null ? generator.apply(random) : universe.get(checked);
            Object label;
            try {
                label = property.check(sample);
            } catch (Throwable failure) {
                rethrowIfFatal(failure);
                throw failed(property, seed, checked + 1, total, sample, failure);
            }
            if (label != null) {
                labels.merge(String.valueOf(label), 1, Integer::sum);
            }
        }
        Outcome outcome = new Outcome(name, universe == null ? seed : null, checked,
                Duration.ofNanos(System.nanoTime() - start), labels);
        System.out.println(outcome);
        return outcome;
    }

    private AssertionError failed(Property<T> property, long seed, int attempt, int total, T sample,
            Throwable failure) {
        T smallest = sample;
        Throwable smallestFailure = failure;
        int steps = 0;
        int attempts = 0;
        shrinking:
        while (attempts < MAX_SHRINK_ATTEMPTS) {
            Iterator<T> candidates = shrinker.apply(smallest).iterator();
            while (candidates.hasNext() && attempts < MAX_SHRINK_ATTEMPTS) {
                T candidate = candidates.next();
                attempts++;
                Throwable candidateFailure = failureOf(property, candidate);
                if (candidateFailure != null && candidateFailure.getClass() == failure.getClass()) {
                    smallest = candidate;
                    smallestFailure = candidateFailure;
                    steps++;
                    continue shrinking;
                }
            }
            break;
        }
        StringBuilder message = new StringBuilder(name).append(" failed");
        if (universe == null) {
            message.append(" at try ").append(attempt).append(" of ").append(total).append(" (seed ").append(seed)
                    .append("; rerun with -D").append(SEED_PROPERTY).append('=').append(seed).append(')');
        } else {
            message.append(" at sample ").append(attempt).append(" of ").append(total).append(" (exhaustive)");
        }
        message.append("\n  counterexample").append(steps == 0 ? " (not shrunk)" : " (shrunk in " + steps + " steps)")
                .append(": ").append(describer.apply(smallest))
                .append("\n  failure: ").append(smallestFailure);
        if (steps > 0) {
            message.append("\n  original sample: ").append(describer.apply(sample))
                    .append("\n  original failure: ").append(failure);
        }
        return new AssertionError(message.toString(), smallestFailure);
    }

    private static <T> Throwable failureOf(Property<T> property, T sample) {
        try {
            property.check(sample);
            return null;
        } catch (Throwable failure) {
            rethrowIfFatal(failure);
            return failure;
        }
    }

    private static void rethrowIfFatal(Throwable failure) {
        if (failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError)) {
            throw (VirtualMachineError) failure;
        }
    }

    /** The list without one of its elements, for each element: the usual way to shrink a list. */
    static <E> Stream<List<E>> withoutOne(List<E> list) {
        return IntStream.range(0, list.size()).mapToObj(i -> {
            List<E> shorter = new ArrayList<>(list);
            shorter.remove(i);
            return List.copyOf(shorter);
        });
    }

    /** The text without a run of characters: halves first, then quarters, down to single characters. */
    static Stream<String> shorter(String text) {
        List<String> candidates = new ArrayList<>();
        int length = Math.max(1, text.length() / 2);
        while (true) {
            for (int at = 0; at + length <= text.length(); at += length) {
                candidates.add(text.substring(0, at) + text.substring(at + length));
            }
            if (length == 1) {
                break;
            }
            length /= 2;
        }
        return candidates.stream().distinct();
    }

    /** The text as a Java string literal, anything but printable ASCII escaped, and its length. */
    static String javaLiteral(String text) {
        StringBuilder literal = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                literal.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                literal.append(c);
            } else {
                literal.append(String.format("\\u%04x", (int) c));
            }
        }
        return literal.append("\" (").append(text.length()).append(text.length() == 1 ? " character)" : " characters)").toString();
    }

    /**
     * What one run checked: the number of samples, the seed (null when exhaustive) and how many
     * samples got each label.
     */
    record Outcome(String property, Long seed, int checked, Duration took, Map<String, Integer> labels) {

        /** The share of the checked samples labelled {@code label}, in percent. */
        double percentage(String label) {
            return checked == 0 ? 0 : 100.0 * labels.getOrDefault(label, 0) / checked;
        }

        /** Fails, naming the seed and the labels counted, unless the share of {@code label} passes. */
        void assertCoverage(String label, DoublePredicate percentage, String requirement) {
            assertTrue(percentage.test(percentage(label)),
                    () -> "coverage of " + property + ": " + requirement + "; " + this);
        }

        @Override
        public String toString() {
            StringBuilder shown = new StringBuilder(property).append(": ").append(checked).append(" samples in ")
                    .append(took.toMillis()).append(" ms, ")
                    .append(seed == null ? "exhaustive" : "seed " + seed);
            String separator = "; ";
            for (Map.Entry<String, Integer> label : labels.entrySet()) {
                shown.append(separator).append(label.getKey()).append(' ').append(label.getValue())
                        .append(String.format(" (%.1f%%)", percentage(label.getKey())));
                separator = ", ";
            }
            return shown.toString();
        }
    }
}
