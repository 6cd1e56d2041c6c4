package org.labctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The labctl command lines in one line of shell as the help and the README write them: words
 * split as a POSIX shell splits them (quotes, backslashes, {@code #} comments), the line cut at
 * {@code | ; && || > < $( <( )}, and in each part the arguments after {@code labctl} (or
 * {@code bin/labctl}), past {@code sudo} and {@code VAR=value}. Square brackets around optional
 * parts ({@code [--env lab]}) are taken as written without them.
 */
final class ShellLine {

    private static final Set<String> OPERATORS = Set.of("|", ";", "&&", "||", ">", "<", "$(", "<(", ")");

    private ShellLine() {
    }

    /** The lines with each one that ends with a backslash joined to the next, as the shell reads them. */
    static List<String> joined(List<String> lines) {
        List<String> joined = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : lines) {
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1);
                continue;
            }
            joined.add(pending + line);
            pending.setLength(0);
        }
        if (pending.length() > 0) {
            joined.add(pending.toString());
        }
        return joined;
    }

    /** The arguments of every labctl command in {@code line}, in order. */
    static List<List<String>> labctlCommands(String line) {
        List<List<String>> commands = new ArrayList<>();
        List<String> part = new ArrayList<>();
        boolean fileName = false;
        for (String word : words(line)) {
            if (OPERATORS.contains(word)) {
                addCommand(part, commands);
                part = new ArrayList<>();
                fileName = word.equals(">") || word.equals("<");
            } else if (fileName) {
                fileName = false; // what > or < reads or writes, such as /etc/bash_completion.d/labctl
            } else {
                part.add(word);
            }
        }
        addCommand(part, commands);
        return commands;
    }

    private static void addCommand(List<String> part, List<List<String>> commands) {
        int first = 0;
        while (first < part.size() && (part.get(first).equals("sudo") || part.get(first).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
            first++;
        }
        if (first < part.size() && (part.get(first).equals("labctl") || part.get(first).endsWith("/labctl"))) {
            commands.add(List.copyOf(part.subList(first + 1, part.size())));
        }
    }

    /** The words and operators of {@code line} (operators as their own words, unquoted). */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '#' && !inWord) {
                break;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed ' in " + line);
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (i < line.length() && line.charAt(i) != '"') {
                    if (line.charAt(i) == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                        i++;
                    }
                    word.append(line.charAt(i));
                    i++;
                }
                if (i >= line.length()) {
                    throw new IllegalArgumentException("unclosed \" in " + line);
                }
                inWord = true;
                i++;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (operatorAt(line, i) != null) {
                String operator = operatorAt(line, i);
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                words.add(operator);
                i += operator.length();
            } else if (c == '[' && !inWord) {
                i++;
            } else if (c == ']' && (i + 1 == line.length() || Character.isWhitespace(line.charAt(i + 1)))) {
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static String operatorAt(String line, int i) {
        for (String operator : List.of("&&", "||", "$(", "<(", "|", ";", ">", "<", ")")) {
            if (line.startsWith(operator, i)) {
                return operator;
            }
        }
        return null;
    }
}
