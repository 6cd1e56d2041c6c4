package org.labctl.agent.modules.internal;

/** A step of a module that failed, with the one-line message the module's report carries as its error. */
final class ModuleFailure extends Exception {

    private static final long serialVersionUID = 1L;

    ModuleFailure(String message) {
        super(Words.oneLine(message));
    }

    ModuleFailure(String message, Throwable cause) {
        super(Words.oneLine(message), cause);
    }
}
