package org.labctl.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Catches signals (SIGINT for Ctrl-C, SIGWINCH for a resized terminal) through
 * {@code sun.misc.Signal} of the jdk.unsupported module, the only way Java offers, called
 * reflectively so that the build has no warning about internal API to ignore. A runtime without
 * that module, or one that will not let a signal be caught (the JVM's {@code -Xrs}, or SIGINT ignored
 * by whoever started labctl), leaves the signal as it is.
 */
final class ProcessSignals {

    private ProcessSignals() {
    }

    /**
     * Runs {@code action} on each {@code signal}, such as {@code INT}, until the returned registration
     * is closed, which puts back the handler there was.
     */
    static ExecIo.Registration register(String signal, Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object caught = signalClass.getConstructor(String.class).newInstance(signal);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object handler = Proxy.newProxyInstance(ProcessSignals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, arguments) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "equals" -> proxy == arguments[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> "labctl's " + signal + " handler";
                    });
            Object previous = handle.invoke(null, caught, handler);
            return () -> {
                try {
                    handle.invoke(null, caught, previous);
                } catch (IllegalAccessException | InvocationTargetException restoringFailed) {
                    // labctl is about to end anyway
                }
            };
        } catch (ReflectiveOperationException | LinkageError | RuntimeException notAvailable) {
            return () -> { };
        }
    }
}
