package org.textrnn.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every textrnn layer configuration's {@code instantiate} does once it has made its DL4J layer
 * (SequenceRnn, SequenceDropout, WordDropout, SequencePooling): listeners, index, the parameter
 * view and table, the configuration.
 */
public final class LayerWiring {

    private LayerWiring() {
    }

    /** {@code layer}, wired into its network; its parameters (if any) are views of {@code view}. */
    public static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                                           INDArray view, boolean initialize, ParamInitializer initializer) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(view);
        layer.setParamTable(initializer.init(conf, view, initialize));
        layer.setConf(conf);
        return layer;
    }
}
