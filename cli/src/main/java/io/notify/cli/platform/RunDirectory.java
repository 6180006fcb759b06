package io.notify.cli.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The launcher's own files, in {@code .notify/} under the working directory: who is running
 * (the pid of the {@code up} process), where its stack lives, its endpoints and its log.
 */
public record RunDirectory(Path root) {

    public static RunDirectory inWorkingDirectory() {
        return new RunDirectory(Path.of(".notify").toAbsolutePath());
    }

    Path pidFile() {
        return root.resolve("up.pid");
    }

    Path stackPointer() {
        return root.resolve("stack-dir");
    }

    Path childPids() {
        return root.resolve("children.pids");
    }

    Path log() {
        return root.resolve("platform.log");
    }

    public Path defaultEndpoints() {
        return root.resolve("endpoints.json");
    }

    void create() {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<ProcessHandle> runningUp() {
        return read(pidFile()).map(Long::parseLong).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    }

    Optional<Path> stackDirectory() {
        return read(stackPointer()).map(Path::of);
    }

    void recordRunning(long pid, Path stackDirectory) {
        write(pidFile(), Long.toString(pid));
        write(stackPointer(), stackDirectory.toString());
    }

    void recordChildren(java.util.List<Long> pids) {
        write(childPids(), pids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("\n")));
    }

    /** Servers an up process started; they outlive it only if it was killed. */
    java.util.List<ProcessHandle> leftoverChildren() {
        return read(childPids()).stream()
                .flatMap(String::lines)
                .filter(line -> !line.isBlank())
                .map(Long::parseLong)
                .flatMap(pid -> ProcessHandle.of(pid).stream())
                .filter(p -> p.isAlive() && p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .toList();
    }

    void clear() {
        try {
            Files.deleteIfExists(childPids());
            Files.deleteIfExists(pidFile());
            Files.deleteIfExists(stackPointer());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
