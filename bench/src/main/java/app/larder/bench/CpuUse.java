package app.larder.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time spent during a run, split between the application's JVM, this benchmark's own process (the load
 * generator) and the rest of the machine, which during a run is mostly the application's PostgreSQL. On 2 shared
 * cores that split says what each receipt costs whom, which throughput alone cannot.
 */
record CpuUse(double applicationSeconds, double benchmarkSeconds, double machineSeconds) {

    /** The counters now: the application's (when this benchmark started it), its own, and the machine's busy time. */
    static CpuUse now(ProcessHandle application) {
        return new CpuUse(cpu(application), cpu(ProcessHandle.current()), machineBusySeconds());
    }

    CpuUse since(CpuUse before) {
        return new CpuUse(applicationSeconds - before.applicationSeconds, benchmarkSeconds - before.benchmarkSeconds,
                machineSeconds - before.machineSeconds);
    }

    double restSeconds() {
        return Math.max(0, machineSeconds - applicationSeconds - benchmarkSeconds);
    }

    private static double cpu(ProcessHandle process) {
        if (process == null) {
            return Double.NaN;
        }
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
    }

    /** Busy time of all cores from {@code /proc/stat} (user, nice, system, irq, softirq, steal), in seconds. */
    private static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[]{1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy / 100.0;   // USER_HZ
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
