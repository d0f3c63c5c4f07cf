package org.textrnn.bench;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Java agent that records a JVM's peak memory without touching the program it watches (used by
 * bench/score-memory.sh on {@code textrnn score}): every 200 ms, the Java heap in use, the heap left
 * after the last collection (the live set, summed over the heap pools' collection usage), the process's
 * resident set (VmRSS, and VmHWM at the end) and ND4J's off-heap arrays as JavaCPP counts them
 * ({@code Pointer.totalBytes()}: every buffer allocated through JavaCPP and not yet freed). The Pointer
 * class is only read once the program itself has loaded it, so the agent never loads ND4J early.
 * At exit it writes one JSON object of the maxima to the file given as the agent's argument.
 *
 * <p>{@code java -javaagent:sampler.jar=OUT.json ...} where sampler.jar holds this class and
 * {@code Premain-Class: org.textrnn.bench.MemorySampler}.
 */
public final class MemorySampler {

    private static final long[] MAX = new long[5]; // heap used, heap after GC, RSS, JavaCPP total, JavaCPP physical
    private static final String[] NAMES = {"heap_used_max", "heap_after_gc_max", "rss_max_sampled", "javacpp_total_bytes_max",
        "javacpp_physical_bytes_max"};

    private MemorySampler() {
    }

    public static void premain(String args, Instrumentation inst) {
        Path out = Path.of(args == null || args.isEmpty() ? "memory-sampler.json" : args);
        long start = System.nanoTime();
        Thread t = new Thread(() -> {
            Class<?> pointer = null;
            while (true) {
                if (pointer == null) {
                    pointer = loaded(inst, "org.bytedeco.javacpp.Pointer");
                }
                sample(pointer);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-sampler");
        t.setDaemon(true);
        t.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Class<?> pointer = loaded(inst, "org.bytedeco.javacpp.Pointer");
            sample(pointer);
            Map<String, Object> m = new LinkedHashMap<>();
            synchronized (MAX) {
                for (int i = 0; i < MAX.length; i++) {
                    m.put(NAMES[i], MAX[i]);
                }
            }
            m.put("vm_hwm_bytes", procStatus("VmHWM:"));
            m.put("heap_max_bytes", Runtime.getRuntime().maxMemory());
            m.put("javacpp_max_bytes", pointer == null ? -1 : call(pointer, "maxBytes"));
            m.put("javacpp_max_physical_bytes", pointer == null ? -1 : call(pointer, "maxPhysicalBytes"));
            m.put("seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
            try {
                Files.writeString(out, sb.append("}\n").toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.err.println("memory-sampler: cannot write " + out + ": " + e);
            }
        }, "memory-sampler-exit"));
    }

    private static void sample(Class<?> pointer) {
        long heapUsed = 0;
        long afterGc = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                heapUsed += p.getUsage().getUsed();
                MemoryUsage c = p.getCollectionUsage();
                afterGc += c == null ? 0 : c.getUsed();
            }
        }
        long[] now = {heapUsed, afterGc, procStatus("VmRSS:"), pointer == null ? 0 : call(pointer, "totalBytes"),
            pointer == null ? 0 : call(pointer, "physicalBytes")};
        synchronized (MAX) {
            for (int i = 0; i < MAX.length; i++) {
                MAX[i] = Math.max(MAX[i], now[i]);
            }
        }
    }

    private static Class<?> loaded(Instrumentation inst, String name) {
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static long call(Class<?> c, String method) {
        try {
            return ((Number) c.getMethod(method).invoke(null)).longValue();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return -1;
        }
    }

    /** A /proc/self/status field in bytes (the file gives kB), or -1. */
    private static long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
