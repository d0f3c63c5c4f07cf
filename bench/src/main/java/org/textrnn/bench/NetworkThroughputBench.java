package org.textrnn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.textrnn.data.SequenceEncoder;
import org.textrnn.io.Json;
import org.textrnn.text.Tokenizer;
import org.textrnn.bundle.ModelBundle;

/**
 * The scoring baseline without Spark: a model bundle's network called with plain
 * {@code MultiLayerNetwork.output} in one thread over the documents of a last-word-label file,
 * (1) in file order, every batch padded to the bundle's max length (what score did before issue 7),
 * and (2) sorted by length, each batch only as long as its longest document (what score does for a model trained with `--batching length-buckets`).
 * Prints one JSON object: docs/s of each, and the largest probability difference between the two.
 *
 * <p>{@code NetworkThroughputBench --model BUNDLE --input FILE [--batch-size 256] [--limit N]}
 * (run by bench/score-throughput.sh; OMP_NUM_THREADS applies as in the jobs).
 */
public final class NetworkThroughputBench {

    private NetworkThroughputBench() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>(Map.of("batch-size", "256", "limit", "0"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, found '" + args[i] + "'");
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        if (!opts.containsKey("model") || !opts.containsKey("input")) {
            throw new IllegalArgumentException("usage: NetworkThroughputBench --model BUNDLE --input FILE [--batch-size 256] [--limit N]");
        }
        int batchSize = Integer.parseInt(opts.get("batch-size"));
        int limit = Integer.parseInt(opts.get("limit"));

        // loaded twice, as score did (once to check before Spark starts, once in the job): what the second load costs
        long l0 = System.nanoTime();
        ModelBundle.load(opts.get("model"), new Configuration());
        long l1 = System.nanoTime();
        ModelBundle bundle = ModelBundle.load(opts.get("model"), new Configuration());
        long l2 = System.nanoTime();
        Tokenizer tokenizer = bundle.tokenizer().create();
        SequenceEncoder encoder = bundle.encoder();
        long t0 = System.nanoTime();
        List<SequenceEncoder.Encoded> docs = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(opts.get("input")), StandardCharsets.UTF_8)) {
            int cut = line.lastIndexOf(' ');
            List<String> tokens = tokenizer.tokenize(cut < 0 ? "" : line.substring(0, cut));
            if (!tokens.isEmpty()) {
                docs.add(encoder.encode(tokens));
            }
            if (limit > 0 && docs.size() == limit) {
                break;
            }
        }
        double encodeSecs = (System.nanoTime() - t0) / 1e9;
        int n = docs.size();
        MultiLayerNetwork net = bundle.network();
        int t = encoder.maxLength();
        long paddedTokens = (long) n * t;
        long realTokens = docs.stream().mapToLong(SequenceEncoder.Encoded::length).sum();

        // warm-up: JIT and ND4J's first-call costs would otherwise count against whichever mode runs first
        float[][] warm = new float[Math.min(n, batchSize)][];
        output(net, docs, identity(warm.length), 0, warm.length, t, warm);

        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        float[][] plain = new float[n][];
        long c1 = cpu.getCurrentThreadCpuTime();
        long s1 = System.nanoTime();
        int[] order = identity(n);
        for (int from = 0; from < n; from += batchSize) {
            output(net, docs, order, from, Math.min(n, from + batchSize), t, plain);
        }
        double plainSecs = (System.nanoTime() - s1) / 1e9;
        double plainCpu = (cpu.getCurrentThreadCpuTime() - c1) / 1e9;

        float[][] bucketed = new float[n][];
        long s2 = System.nanoTime();
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Integer.compare(docs.get(a).length(), docs.get(b).length()));
        int[] sorted = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
        long bucketTokens = 0;
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            int longest = Math.max(1, docs.get(sorted[to - 1]).length());
            bucketTokens += (long) (to - from) * longest;
            output(net, docs, sorted, from, to, longest, bucketed);
        }
        double bucketSecs = (System.nanoTime() - s2) / 1e9;

        double maxDiff = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < plain[i].length; c++) {
                maxDiff = Math.max(maxDiff, Math.abs(plain[i][c] - bucketed[i][c]));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("documents", n);
        out.put("batch_size", batchSize);
        out.put("max_length", t);
        out.put("mean_length", realTokens / (double) n);
        out.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        out.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", ""));
        out.put("bundle_first_load_s", round((l1 - l0) / 1e9));
        out.put("bundle_second_load_s", round((l2 - l1) / 1e9));
        out.put("tokenize_encode_s", round(encodeSecs));
        out.put("plain_s", round(plainSecs));
        out.put("plain_docs_per_s", round(n / plainSecs));
        out.put("plain_cpu_s", round(plainCpu));
        out.put("plain_docs_per_cpu_s", round(n / plainCpu));
        out.put("plain_timesteps", paddedTokens);
        out.put("bucketed_s", round(bucketSecs));
        out.put("bucketed_docs_per_s", round(n / bucketSecs));
        out.put("bucketed_timesteps", bucketTokens);
        out.put("bucketed_over_plain", round(plainSecs / bucketSecs));
        out.put("max_abs_probability_difference", maxDiff);
        System.out.println(Json.write(out).replaceAll("\\s*\\n\\s*", " "));
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static void output(MultiLayerNetwork net, List<SequenceEncoder.Encoded> docs, int[] order, int from, int to, int length,
                               float[][] into) {
        int b = to - from;
        float[] features = new float[b * length];
        float[] mask = new float[b * length];
        for (int i = 0; i < b; i++) {
            SequenceEncoder.Encoded e = docs.get(order[from + i]);
            int real = Math.max(1, e.length());
            for (int j = 0; j < length; j++) {
                features[i * length + j] = e.tokens()[j];
                mask[i * length + j] = j < real ? 1f : 0f;
            }
        }
        float[][] p = net.output(Nd4j.create(features, new long[] {b, length}, 'c'), false,
                Nd4j.create(mask, new long[] {b, length}, 'c'), null).toFloatMatrix();
        for (int i = 0; i < b; i++) {
            into[order[from + i]] = p[i];
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
