package org.labctl.tests.harness;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Deletes the scratch directories a test class made (unpacked labd and lab-agent, embedded
 * PostgreSQL data: a few hundred MB each) once the class has passed, so that a full run needs
 * disk for one class at a time rather than for all of them. A class with a failure keeps its
 * directories for the logs in them; {@code -Dlabctl.keep=true} keeps everything. Registered for
 * every test class through the JUnit service loader ({@code junit-platform.properties}).
 */
public final class ScratchCleanup implements AfterTestExecutionCallback, AfterAllCallback {

    private static final List<Path> CREATED = new ArrayList<>();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ScratchCleanup.class);

    static synchronized void created(Path dir) {
        CREATED.add(dir);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            markFailed(context.getParent().orElse(context));
        }
    }

    private static void markFailed(ExtensionContext classContext) {
        classContext.getStore(NAMESPACE).put("failed", Boolean.TRUE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        boolean failed = context.getExecutionException().isPresent()
                || Boolean.TRUE.equals(context.getStore(NAMESPACE).get("failed", Boolean.class));
        List<Path> dirs;
        synchronized (ScratchCleanup.class) {
            dirs = new ArrayList<>(CREATED);
            CREATED.clear();
        }
        if (failed || Boolean.getBoolean("labctl.keep")) {
            return;
        }
        dirs.forEach(ScratchCleanup::deleteQuietly);
    }

    /** Deletes a tree as far as it can: a process still writing into it must not fail the run. */
    static void deleteQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort: a file in use or a directory that is not empty yet
        }
    }
}
