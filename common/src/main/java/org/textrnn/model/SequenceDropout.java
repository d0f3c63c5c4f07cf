package org.textrnn.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Dropout between sequence layers. DL4J's {@link DropoutLayer} multiplies its output by the mask as
 * a column vector, which fails for sequences ([minibatch, features, T] against a [minibatch, T]
 * mask); and dropout set on a recurrent layer itself cannot be used inside {@code Bidirectional},
 * whose two directions share one stateful dropout object. This layer drops units and passes the
 * mask on untouched: padded steps are masked by the recurrent layer that follows.
 *
 * @see #SequenceDropout(double) the probability of keeping a unit, as DL4J counts it
 */
public class SequenceDropout extends DropoutLayer {

    private static final long serialVersionUID = 1L;

    /** For JSON deserialization. */
    public SequenceDropout() {
        super();
    }

    /** @param retainProbability probability of keeping a unit (DL4J's convention) */
    public SequenceDropout(double retainProbability) {
        super(retainProbability);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerWiring.wire(new Impl(conf, networkDataType), conf, listeners, layerIndex, layerParamsView,
                initializeParams, initializer());
    }

    /** The DL4J layer: dropout as usual, the sequence mask only passed through. */
    static final class Impl extends org.deeplearning4j.nn.layers.DropoutLayer {

        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public void setMaskArray(INDArray maskArray) {
            // never applied here (see the class comment)
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
            return new Pair<>(maskArray, currentMaskState);
        }
    }
}
