package org.textrnn.model.rnn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The parameters of a {@link SequenceRnn}: views of the layer's slice of the network's flat parameter vector. */
final class SequenceRnnParams implements ParamInitializer {

    static final SequenceRnnParams INSTANCE = new SequenceRnnParams();

    static final String W = "W";
    static final String U = "U";
    static final String B = "b";
    static final String BH = "bh";
    private static final String[] DIRECTIONS = {"f", "b"};

    private SequenceRnnParams() {
    }

    /** "f" or "b". */
    static String direction(int d) {
        return DIRECTIONS[d];
    }

    private static SequenceRnn conf(Layer l) {
        return (SequenceRnn) l;
    }

    /** Name and shape of every parameter, in the order of the flat vector. */
    private static Map<String, long[]> shapes(SequenceRnn c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        long h = c.getNOut();
        long g = c.getCell().gates();
        for (int d = 0; d < c.directions(); d++) {
            m.put(DIRECTIONS[d] + W, new long[] {g, c.getNIn(), h});
            m.put(DIRECTIONS[d] + U, new long[] {g, h, h});
            m.put(DIRECTIONS[d] + B, new long[] {g, h});
            if (c.getCell() == SequenceRnn.Cell.GRU) {
                m.put(DIRECTIONS[d] + BH, new long[] {h});
            }
        }
        return m;
    }

    private static long size(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return shapes(conf(layer)).values().stream().mapToLong(SequenceRnnParams::size).sum();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return new ArrayList<>(shapes(conf(layer)).keySet());
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return paramKeys(layer).stream().filter(k -> isWeightParam(layer, k)).toList();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return paramKeys(layer).stream().filter(k -> isBiasParam(layer, k)).toList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return key.endsWith(W) || key.endsWith(U);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return !isWeightParam(layer, key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        SequenceRnn c = conf(conf.getLayer());
        Map<String, INDArray> views = views(c, paramsView);
        if (initializeParams) {
            IWeightInit init = c.getWeightInitFn() == null ? new WeightInitXavier() : c.getWeightInitFn();
            long h = c.getNOut();
            for (Map.Entry<String, INDArray> e : views.entrySet()) {
                INDArray v = e.getValue();
                String k = e.getKey().substring(1);
                if (k.equals(W)) {
                    init.init(c.getNIn(), h, v.shape(), 'c', v);
                } else if (k.equals(U)) {
                    init.init(h, h, v.shape(), 'c', v);
                } else {
                    v.assign(0);
                    if (k.equals(B) && c.getCell() == SequenceRnn.Cell.LSTM) {
                        v.tensorAlongDimension(1, 1).assign(1.0); // forget gate
                    }
                }
            }
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(conf(conf.getLayer()), gradientView);
    }

    /** Views (never copies) of the flat vector, each c-ordered in its shape. */
    private static Map<String, INDArray> views(SequenceRnn c, INDArray flat) {
        INDArray v = flat.rank() == 1 ? flat : flat.reshape(flat.length());
        Map<String, INDArray> out = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes(c).entrySet()) {
            long n = size(e.getValue());
            INDArray part = v.get(NDArrayIndex.interval(offset, offset + n));
            out.put(e.getKey(), e.getValue().length == 1 ? part : part.reshape('c', e.getValue()));
            offset += n;
        }
        if (offset != v.length()) {
            throw new IllegalStateException("parameter view of " + v.length() + " values for " + offset + " parameters");
        }
        return out;
    }
}
