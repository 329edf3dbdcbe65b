package dev.minerua.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory from /proc/self/status (Linux); NaN elsewhere. */
final class ProcStatus {
    private ProcStatus() {
    }

    /** VmRSS: resident set now, MiB. */
    static double residentMiB() {
        return fieldMiB("VmRSS:");
    }

    /** VmHWM: the peak resident set since the process started, MiB. */
    static double peakResidentMiB() {
        return fieldMiB("VmHWM:");
    }

    private static double fieldMiB(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return parseKiB(line.substring(key.length())) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return Double.NaN;
    }

    /** "   123456 kB" → 123456. */
    static long parseKiB(String value) {
        String v = value.strip();
        if (!v.endsWith("kB")) {
            throw new IllegalArgumentException("expected a value in kB: " + value);
        }
        return Long.parseLong(v.substring(0, v.length() - 2).strip());
    }
}
