package io.notify.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time used so far by this JVM and by the local stack's processes (from /proc, in clock
 * ticks of 10 ms), so a measurement can say what each request cost on a machine shared with
 * other work.
 */
final class CpuClock {

    private static final long MILLIS_PER_TICK = 10;

    /** CPU milliseconds used so far. */
    record Reading(long jvmMillis, long stackMillis) {
        Reading minus(Reading earlier) {
            return new Reading(jvmMillis - earlier.jvmMillis, stackMillis - earlier.stackMillis);
        }
    }

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<Long> stackPids;

    CpuClock(List<Long> stackPids) {
        this.stackPids = List.copyOf(stackPids);
    }

    Reading read() {
        return new Reading(os.getProcessCpuTime() / 1_000_000, stackPids.stream().mapToLong(CpuClock::ticks).sum() * MILLIS_PER_TICK);
    }

    /** utime + stime of one process; a process that is gone counts nothing. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 and 15 of proc(5), counted from the state field (3).
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
