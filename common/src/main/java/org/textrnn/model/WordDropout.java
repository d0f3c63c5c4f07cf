package org.textrnn.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.textrnn.vocab.Vocabulary;

/**
 * Word dropout: in training, each token of a document is replaced by the unknown token
 * ({@link Vocabulary#UNK}) with probability {@link #getProbability()}, before the embedding looks it up.
 * The model so learns to classify documents some of whose words it does not know, as documents it
 * scores later are: on web snippets a third of the test tokens are out of the training vocabulary.
 * Padding ({@link Vocabulary#PAD}) is never replaced; in inference the layer passes the token ids
 * through unchanged. Unlike unit dropout nothing is rescaled: a replaced token is looked up as UNK.
 *
 * <p>The layer sits before the embedding, takes the token ids [minibatch, T] and gives them on;
 * it has no parameters and passes the features mask on untouched. The embedding's gradient goes to
 * the rows of the ids the embedding was given, so a dropped token trains the UNK row.
 */
public class WordDropout extends DropoutLayer {

    private static final long serialVersionUID = 1L;

    private double probability;

    /** For JSON deserialization. */
    public WordDropout() {
        super();
    }

    /** @param probability probability of replacing a token by UNK, in [0, 1) */
    public WordDropout(double probability) {
        super();
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("word dropout must be in [0, 1), found " + probability);
        }
        this.probability = probability;
    }

    public double getProbability() {
        return probability;
    }

    public void setProbability(double probability) {
        this.probability = probability;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new Impl(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WordDropout w && super.equals(o) && w.probability == probability;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(super.hashCode(), probability);
    }

    /** Replaces tokens (ids >= 2) by UNK where {@code uniform < p}: ids − drop × (ids − UNK). */
    static INDArray drop(INDArray ids, INDArray uniform, double p) {
        DataType t = ids.dataType();
        INDArray dropped = uniform.lt(p).castTo(t).muli(ids.gt(Vocabulary.UNK).castTo(t));
        return ids.subi(dropped.muli(ids.sub(Vocabulary.UNK)));
    }

    /** The DL4J layer. */
    static final class Impl extends org.deeplearning4j.nn.layers.DropoutLayer {

        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            INDArray out = workspaceMgr.dup(ArrayType.ACTIVATIONS, input, 'c');
            double p = ((WordDropout) conf().getLayer()).getProbability();
            if (training && p > 0) {
                drop(out, Nd4j.rand(out.dataType(), out.shape()), p);
            }
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            // token ids have no gradient (the embedding gives none back either)
            return new Pair<>(new DefaultGradient(), null);
        }

        @Override
        public void setMaskArray(INDArray maskArray) {
            // the mask is the embedding's and the recurrent layers'
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
            return new Pair<>(maskArray, currentMaskState);
        }
    }
}
