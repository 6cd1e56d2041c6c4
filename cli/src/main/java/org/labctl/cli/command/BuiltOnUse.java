package org.labctl.cli.command;

import picocli.CommandLine;

/**
 * A command that adds part of itself (a verb its kinds, exec its options) only when a command line
 * reaches it or its help is shown: picocli's reflection over commands and options is most of
 * labctl's start-up, and a command line uses one command. Whatever walks the whole tree, such as the
 * completion scripts, builds them all first ({@link VerbCommand#addAllKinds}).
 */
public interface BuiltOnUse {

    /** Adds the rest of the command to {@code self}, its command line, unless it is there already. */
    void build(CommandLine self);
}
