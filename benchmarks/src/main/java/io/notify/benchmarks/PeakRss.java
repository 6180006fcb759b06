package io.notify.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's peak resident set (Linux VmHWM): what the machine had to give it at worst. */
final class PeakRss {

    private PeakRss() {
    }

    static long megabytes(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)
                    .findFirst().orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }
}
