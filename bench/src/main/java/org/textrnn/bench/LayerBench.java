package org.textrnn.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.textrnn.model.rnn.SequenceRnn;

/**
 * The recurrent layers alone, as bench/layer_torch.py measures PyTorch's: random float inputs of
 * width 50, 2 stacked bidirectional layers of 128, T steps with lengths random in 5..T (a padded
 * minibatch with a features mask), a softmax head of 2 on the last layer's final states,
 * cross-entropy, Adam lr 1e-3; CPU time of the process per training minibatch of 128 and per
 * inference batch of 256. Variants: textrnn-lstm, textrnn-gru (textrnn's {@link SequenceRnn}) and
 * dl4j-lstm (DL4J's built-in {@code Bidirectional(LSTM)} + {@code LastTimeStep}, textrnn's layers
 * before). Run by bench/layer-bench.sh.
 *
 * <p>{@code LayerBench [--rounds 5] [--steps 29] [--variants textrnn-lstm,textrnn-gru,dl4j-lstm] [--warmup 6]}
 */
public final class LayerBench {

    static final int NIN = 50;
    static final int H = 128;

    private LayerBench() {
    }

    static MultiLayerNetwork network(String variant) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER).list();
        switch (variant) {
            case "textrnn-lstm", "textrnn-gru" -> {
                SequenceRnn.Cell cell = variant.endsWith("lstm") ? SequenceRnn.Cell.LSTM : SequenceRnn.Cell.GRU;
                list.layer(new SequenceRnn(cell, NIN, H, true, false));
                list.layer(new SequenceRnn(cell, 2 * H, H, true, true));
            }
            case "dl4j-lstm" -> {
                list.layer(new Bidirectional(Bidirectional.Mode.CONCAT, new LSTM.Builder().nIn(NIN).nOut(H).activation(Activation.TANH).build()));
                list.layer(new LastTimeStep(new Bidirectional(Bidirectional.Mode.CONCAT,
                        new LSTM.Builder().nIn(2 * H).nOut(H).activation(Activation.TANH).build())));
            }
            default -> throw new IllegalArgumentException("unknown variant " + variant + " (textrnn-lstm, textrnn-gru, dl4j-lstm)");
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).nIn(2 * H).nOut(2).build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    static DataSet data(int batch, int steps, Random r) {
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, NIN, steps).subi(0.5);
        INDArray mask = Nd4j.zeros(DataType.FLOAT, batch, steps);
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 2);
        for (int b = 0; b < batch; b++) {
            int len = 5 + r.nextInt(steps - 4);
            for (int t = 0; t < len; t++) {
                mask.putScalar(b, t, 1);
            }
            y.putScalar(b, r.nextInt(2), 1);
        }
        return new DataSet(x, y, mask, null);
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public static void main(String[] args) {
        int rounds = 5;
        int steps = 29;
        int warmup = 6;
        String variants = "textrnn-lstm,textrnn-gru,dl4j-lstm";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--variants" -> variants = args[++i];
                case "--help", "-h" -> {
                    System.out.println("LayerBench [--rounds 5] [--steps 29 (>= 5)] [--warmup 6] [--variants textrnn-lstm,textrnn-gru,dl4j-lstm]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
            }
        }
        if (steps < 5 || rounds < 1) {
            throw new IllegalArgumentException("--steps must be >= 5 and --rounds >= 1");
        }
        Random r = new Random(1);
        DataSet train = data(128, steps, r);
        DataSet infer = data(256, steps, r);
        Map<String, MultiLayerNetwork> nets = new LinkedHashMap<>();
        for (String v : variants.split(",")) {
            nets.put(v, network(v));
        }
        for (MultiLayerNetwork n : nets.values()) {
            for (int i = 0; i < warmup; i++) {
                n.fit(train);
            }
            for (int i = 0; i < 2; i++) {
                n.output(infer.getFeatures(), false, infer.getFeaturesMaskArray(), null);
            }
        }
        Map<String, List<Double>> tr = new LinkedHashMap<>();
        Map<String, List<Double>> in = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, MultiLayerNetwork> e : nets.entrySet()) {
                MultiLayerNetwork n = e.getValue();
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                for (int i = 0; i < 4; i++) {
                    n.fit(train);
                }
                long c1 = cpuNanos();
                long t1 = System.nanoTime();
                for (int i = 0; i < 3; i++) {
                    n.output(infer.getFeatures(), false, infer.getFeaturesMaskArray(), null);
                }
                long c2 = cpuNanos();
                long t2 = System.nanoTime();
                tr.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add((c1 - c0) / 4e6);
                in.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add((c2 - c1) / 3e6);
                System.out.printf("round %d %-13s train(b128) cpu %.1f wall %.1f ms/mb  infer(b256) cpu %.1f wall %.1f ms%n", round, e.getKey(),
                        (c1 - c0) / 4e6, (t1 - t0) / 4e6, (c2 - c1) / 3e6, (t2 - t1) / 3e6);
            }
        }
        for (String k : nets.keySet()) {
            System.out.printf("SUMMARY %s train_ms_median=%.2f train_ms_min=%.2f infer_ms_median=%.2f infer_ms_min=%.2f score=%.4f%n", k,
                    median(tr.get(k)), Collections.min(tr.get(k)), median(in.get(k)), Collections.min(in.get(k)), nets.get(k).score());
        }
    }
}
