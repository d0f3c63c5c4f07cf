package org.textrnn.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.textrnn.io.Json;

/**
 * Which ND4J backend this class path loads and on what device: one JSON object with the backend
 * class, ND4J's environment report (CPU cores and memory; for CUDA every device's name and memory)
 * and a float32 matrix-multiply probe in GFLOP/s. Run by bench/gpu-check.sh.
 */
public final class BackendInfo {

    private BackendInfo() {
    }

    public static void main(String[] args) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backend_class", Nd4j.getBackend().getClass().getName());
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        Map<String, Object> report = new TreeMap<>();
        env.forEach((k, v) -> report.put(String.valueOf(k), v instanceof List<?> l ? l : String.valueOf(v)));
        out.put("environment", report);
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        out.put("matmul_n", n);
        out.put("matmul_gflops", Math.round(matmulGflops(n, n, n, 10) * 10) / 10.0);
        out.put("matmul_check", true);
        System.out.println(Json.write(out));
    }

    /**
     * The float32 matrix-multiply probe: GFLOP/s of {@code reps} products [m x k] x [k x n], counted
     * as 2mkn FLOPs each (one multiply and one add per term), after one warm-up product. Also used
     * by {@link FlopsShareBench} as the machine's achievable peak at the LSTM's shapes.
     */
    public static double matmulGflops(int m, int k, int n, int reps) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
        a.mmul(b); // warm-up (kernels, allocations)
        long start = System.nanoTime();
        INDArray c = null;
        for (int i = 0; i < reps; i++) {
            c = a.mmul(b);
        }
        double first = c.getDouble(0, 0); // forces the device to finish before the clock stops
        double secs = (System.nanoTime() - start) / 1e9;
        if (!Double.isFinite(first)) {
            throw new IllegalStateException("matmul probe produced " + first);
        }
        return 2.0 * m * k * n * reps / secs / 1e9;
    }
}
