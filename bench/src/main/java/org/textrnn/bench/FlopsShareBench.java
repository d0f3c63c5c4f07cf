package org.textrnn.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.textrnn.io.Json;
import org.textrnn.model.ModelConfig;
import org.textrnn.model.NetworkFactory;
import org.textrnn.bundle.ModelBundle;
import org.textrnn.train.TrainConfig;

/**
 * What share of the machine's float32 matrix-multiply peak the network reaches, scoring and training.
 *
 * <p>FLOPs are counted analytically from the network's {@link ModelConfig} (a bundle's
 * {@code bundle.json} "model", or train's defaults): one multiply-add = 2 FLOPs; per time step and
 * direction an LSTM layer of input I and hidden H computes its four gates as x·W [I x 4H] plus
 * h·R [H x 4H] (DL4J M2.1's LSTM: no peepholes; two GEMMs per step), i.e. 2·4H·(I+H) FLOPs; a GRU
 * 2·3H·(I+H). Element-wise work (bias, sigmoid/tanh, cell update: about 13H per step and direction)
 * and the embedding lookup (a gather) are left out; the head adds 2·R·C (dense) + 4·R (batch norm) per
 * document, R = the RNN's output width. Every padded step is computed (DL4J runs all T steps and masks
 * afterwards), so a document costs T times the per-step FLOPs. Training ≈ 3x forward: the backward
 * pass of each GEMM is two GEMMs of the same size (gradient of the input and of the weights); the
 * optimizer's per-parameter work is per batch, not per document, and small.
 *
 * <p>Measured in one JVM, with whatever OMP_NUM_THREADS it was started with: the matrix-multiply
 * probe of {@link BackendInfo} at 1024³ and at the LSTM's per-step shapes; {@code output} on batches
 * of {@code --batch-size} (256) padded documents; {@code fit} on {@code --fit-batches} minibatches of
 * {@code --fit-batch-size} (64: train's default 128 shared by 2 workers). Documents are random token
 * indices at full length: the FLOPs do not depend on the values, and padding costs the same as words.
 *
 * <p>{@code FlopsShareBench [--model BUNDLE] [--docs 2048] [--batch-size 256] [--fit-batches 60]
 * [--fit-batch-size 64] [--vocab 5000] [--classes 8] [--max-length 29]} (the last three only without
 * --model). Prints one JSON line. Run by bench/flops-share.sh.
 */
public final class FlopsShareBench {

    private FlopsShareBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>(Map.of("docs", "2048", "batch-size", "256", "fit-batches", "60",
                "fit-batch-size", "64", "vocab", "5000", "classes", "8", "max-length", "29"));
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length || !(opts.containsKey(args[i].substring(2)) || args[i].equals("--model"))) {
                throw new IllegalArgumentException("usage: FlopsShareBench [--model BUNDLE] [--docs N] [--batch-size N] [--fit-batches N] "
                        + "[--fit-batch-size N] [--vocab N] [--classes N] [--max-length N]; found '" + args[i] + "'");
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        int docs = Integer.parseInt(opts.get("docs"));
        int batch = Integer.parseInt(opts.get("batch-size"));
        int fitBatches = Integer.parseInt(opts.get("fit-batches"));
        int fitBatch = Integer.parseInt(opts.get("fit-batch-size"));

        ModelConfig m;
        MultiLayerNetwork net;
        String source;
        if (opts.containsKey("model")) {
            ModelBundle bundle = ModelBundle.load(opts.get("model"), new Configuration());
            m = modelOf(Json.readMap(Files.readString(Path.of(opts.get("model"), "bundle.json"), StandardCharsets.UTF_8), "bundle.json"));
            net = bundle.network();
            source = opts.get("model");
        } else {
            // train's own defaults, as `textrnn train` with no model options resolves them
            var train = TrainConfig.builder().data("none").model("none").build();
            m = train.model(Integer.parseInt(opts.get("vocab")), Integer.parseInt(opts.get("classes")), Integer.parseInt(opts.get("max-length")),
                    train.embeddingSize(), null);
            net = NetworkFactory.create(m, null);
            source = "train defaults";
        }
        int t = m.maxLength();

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("network", source);
        out.put("model", m.describe());
        out.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", ""));
        out.put("nd4j_max_threads", Nd4j.getEnvironment().maxThreads());
        out.put("blas_max_threads", Nd4j.factory().blas().getMaxThreads());

        // analytic FLOPs
        List<Map<String, Object>> layers = new ArrayList<>();
        long perStep = 0;
        int in = m.embeddingSize();
        int h = m.hiddenSize();
        int gates = m.cell() == ModelConfig.Cell.GRU ? 3 : 4;
        int dirs = m.bidirectional() ? 2 : 1;
        for (int i = 0; i < m.layers(); i++) {
            long f = 2L * gates * h * (in + h) * dirs;
            layers.add(Map.of("layer", i + 1, "input", in, "hidden", h, "directions", dirs, "flops_per_step", f));
            perStep += f;
            in = m.rnnOutputSize();
        }
        long head = 2L * m.rnnOutputSize() * m.numClasses() + (m.batchNorm() ? 4L * m.rnnOutputSize() : 0);
        long forwardPerDoc = perStep * t + head;
        out.put("rnn_layers", layers);
        out.put("forward_flops_per_token", perStep);
        out.put("head_flops_per_doc", head);
        out.put("forward_flops_per_doc", forwardPerDoc);
        out.put("training_flops_per_doc", 3 * forwardPerDoc);

        // the machine's peak: BackendInfo's probe, square and at the LSTM's shapes
        Map<String, Object> probes = new LinkedHashMap<>();
        probes.put("1024x1024x1024", round(BackendInfo.matmulGflops(1024, 1024, 1024, 10)));
        in = m.embeddingSize();
        for (int b : new int[] {batch, fitBatch}) {
            int layerIn = in;
            for (int i = 0; i < m.layers(); i++) {
                for (int k : new int[] {layerIn, h, layerIn + h}) {
                    String key = b + "x" + k + "x" + gates * h;
                    if (!probes.containsKey(key)) {
                        probes.put(key, round(BackendInfo.matmulGflops(b, k, gates * h, reps(b, k, gates * h))));
                    }
                }
                layerIn = m.rnnOutputSize();
            }
        }
        double peak = probes.values().stream().mapToDouble(v -> (Double) v).max().orElseThrow();
        out.put("matmul_gflops", probes);
        out.put("peak_gflops", peak);

        Random rnd = new Random(42);
        int vocab = m.vocabSize();
        // forward: output on padded batches, after one warm-up batch
        INDArray[] x = batch(rnd, batch, t, vocab);
        net.output(x[0], false, x[1], null);
        long w0 = System.nanoTime();
        long c0 = processCpu();
        int done = 0;
        while (done < docs) {
            int b = Math.min(batch, docs - done);
            INDArray[] xb = b == batch ? x : batch(rnd, b, t, vocab);
            net.output(xb[0], false, xb[1], null).getDouble(0, 0);
            done += b;
        }
        double fwdS = (System.nanoTime() - w0) / 1e9;
        double fwdCpu = (processCpu() - c0) / 1e9;
        Map<String, Object> fwd = new LinkedHashMap<>();
        fwd.put("documents", docs);
        fwd.put("batch_size", batch);
        out.put("forward", rates(fwd, "docs_per_s", docs, fwdS, fwdCpu, forwardPerDoc, peak));

        // training: fit on minibatches, after two warm-up minibatches
        INDArray[] xf = batch(rnd, fitBatch, t, vocab);
        INDArray labels = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, fitBatch, m.numClasses());
        for (int i = 0; i < fitBatch; i++) {
            labels.putScalar(i, rnd.nextInt(m.numClasses()), 1f);
        }
        DataSet ds = new DataSet(xf[0], labels, xf[1], null);
        net.fit(ds);
        net.fit(ds);
        long w1 = System.nanoTime();
        long c1 = processCpu();
        for (int i = 0; i < fitBatches; i++) {
            net.fit(ds);
        }
        net.params().getDouble(0); // the last update is done
        double fitS = (System.nanoTime() - w1) / 1e9;
        double fitCpu = (processCpu() - c1) / 1e9;
        long samples = (long) fitBatches * fitBatch;
        Map<String, Object> fit = new LinkedHashMap<>();
        fit.put("minibatches", fitBatches);
        fit.put("batch_size", fitBatch);
        out.put("training", rates(fit, "samples_per_s", samples, fitS, fitCpu, 3.0 * forwardPerDoc, peak));
        System.out.println(Json.write(out).replaceAll("\\s*\\n\\s*", " "));
    }

    static ModelConfig modelOf(Map<String, Object> bundle) {
        Map<?, ?> c = (Map<?, ?>) bundle.get("model");
        return new ModelConfig(num(c, "vocab_size"), num(c, "num_classes"), num(c, "max_length"), num(c, "embedding_size"),
                (Boolean) c.get("embedding_trainable"), ModelConfig.parseEnum(ModelConfig.Cell.class, "cell", (String) c.get("cell")),
                num(c, "layers"), num(c, "hidden_size"), (Boolean) c.get("bidirectional"),
                ModelConfig.parseEnum(ModelConfig.Pooling.class, "pooling", (String) c.get("pooling")),
                dec(c, "embedding_dropout"), dec(c, "rnn_dropout"), (Boolean) c.get("batch_norm"), dec(c, "learning_rate"),
                dec(c, "weight_decay"), num(c, "lr_decay_every"), dec(c, "lr_decay_factor"), dec(c, "gradient_clip"),
                ((Number) c.get("seed")).longValue(), null);
    }

    private static int num(Map<?, ?> c, String key) {
        return ((Number) c.get(key)).intValue();
    }

    private static double dec(Map<?, ?> c, String key) {
        return ((Number) c.get(key)).doubleValue();
    }

    /** Token indices [b, t] in [1, vocab) and an all-ones mask: every step computed, as for padded documents. */
    private static INDArray[] batch(Random rnd, int b, int t, int vocab) {
        float[] f = new float[b * t];
        for (int i = 0; i < f.length; i++) {
            f[i] = 1 + rnd.nextInt(vocab - 1);
        }
        return new INDArray[] {Nd4j.create(f, new long[] {b, t}, 'c'), Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, b, t)};
    }

    /** Enough repetitions for about 4 GFLOP of work per probe (a fraction of a second at the rates here). */
    private static int reps(int m, int k, int n) {
        return (int) Math.max(10, 4e9 / (2.0 * m * k * n));
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Adds the timing of {@code items} documents or samples of {@code flopsPerItem} each, and their share of {@code peak} GFLOP/s. */
    private static Map<String, Object> rates(Map<String, Object> m, String rateKey, long items, double seconds, double cpuSeconds,
                                             double flopsPerItem, double peak) {
        double flops = flopsPerItem * (double) items;
        m.put("seconds", round(seconds));
        m.put("cpu_seconds", round(cpuSeconds));
        m.put(rateKey, round(items / seconds));
        m.put("gflops", round(flops / seconds / 1e9));
        m.put("gflops_per_cpu_s", round(flops / cpuSeconds / 1e9));
        m.put("share_of_peak_percent", round(100.0 * flops / seconds / 1e9 / peak));
        return m;
    }
}
