package org.labctl.bastion.internal.kickstart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kickstart read back, as far as the tests need it: its command lines, each split into words and
 * {@code --option[=value]}s the way kickstart splits them (double quotes group words), and its
 * {@code %pre}, {@code %packages} and {@code %post} sections with their header options and body.
 * It fails on what a kickstart must not have: an unknown {@code %} line, a section without
 * {@code %end}, an unbalanced quote.
 */
record ParsedKickstart(List<Command> commands, List<Section> sections) {

    /**
     * One command line outside the sections.
     *
     * @param words   the command's name then its arguments that are not options
     * @param options {@code --name} to its value, "" for a flag, in order
     */
    record Command(List<String> words, Map<String, String> options) {

        String name() {
            return words.get(0);
        }

        /** The first argument after the name, such as a mount point. */
        String argument() {
            return words.size() > 1 ? words.get(1) : null;
        }

        boolean has(String option) {
            return options.containsKey(option);
        }

        String option(String option) {
            return options.get(option);
        }
    }

    /** A {@code %pre}, {@code %packages} or {@code %post} section: header options and the lines up to {@code %end}. */
    record Section(String name, Map<String, String> options, List<String> body) {

        /** The body as a script file would hold it. */
        String script() {
            return String.join("\n", body) + "\n";
        }
    }

    static ParsedKickstart parse(String text) {
        List<Command> commands = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("%")) {
                Command header = command(line);
                if (!List.of("%pre", "%packages", "%post").contains(header.name())) {
                    throw new AssertionError("line " + (i + 1) + ": unknown section " + header.name());
                }
                List<String> body = new ArrayList<>();
                for (i++; i < lines.length && !lines[i].equals("%end"); i++) {
                    if (lines[i].startsWith("%")) {
                        throw new AssertionError("line " + (i + 1) + ": " + lines[i] + " inside " + header.name());
                    }
                    body.add(lines[i]);
                }
                if (i == lines.length) {
                    throw new AssertionError(header.name() + " has no %end");
                }
                sections.add(new Section(header.name().substring(1), header.options(), List.copyOf(body)));
                continue;
            }
            commands.add(command(line));
        }
        return new ParsedKickstart(List.copyOf(commands), List.copyOf(sections));
    }

    private static Command command(String line) {
        List<String> words = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (String word : split(line)) {
            if (word.startsWith("--")) {
                int equals = word.indexOf('=');
                String name = equals < 0 ? word.substring(2) : word.substring(2, equals);
                if (options.put(name, equals < 0 ? "" : word.substring(equals + 1)) != null) {
                    throw new AssertionError("option --" + name + " given twice: " + line);
                }
            } else {
                words.add(word);
            }
        }
        return new Command(List.copyOf(words), options);
    }

    /** Words separated by blanks; a double-quoted part belongs to its word, without its quotes. */
    private static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw new AssertionError("unbalanced quote: " + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    List<Command> all(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).toList();
    }

    Optional<Command> first(String name) {
        return all(name).stream().findFirst();
    }

    /** The one {@code part} or {@code logvol} line for this mount point (or {@code pv.01}, {@code swap}). */
    Optional<Command> storage(String name, String mountPoint) {
        List<Command> found = all(name).stream().filter(c -> mountPoint.equals(c.argument())).toList();
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " " + name + " lines for " + mountPoint);
        }
        return found.stream().findFirst();
    }

    List<Section> sections(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).toList();
    }

    Section section(String name) {
        List<Section> found = sections(name);
        if (found.size() != 1) {
            throw new AssertionError("expected one %" + name + " section, found " + found.size());
        }
        return found.get(0);
    }
}
