package org.textrnn.model;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;
import org.textrnn.model.rnn.SequenceRnn;

/**
 * Builds the DL4J network of a {@link ModelConfig}: (word dropout, {@link WordDropout}) →
 * EmbeddingSequenceLayer → (dropout) → textrnn's
 * own LSTM/GRU layers ({@link SequenceRnn}: length-aware, bidirectional by concatenation; dropout
 * between layers) → pooling (the last layer's final states, PyTorch's {@code h_n}, or masked
 * mean/max via {@link GlobalPoolingLayer}, or their concatenation via {@link SequencePooling}) → batch norm → softmax output with (weighted)
 * cross-entropy. What the network predicts for a document depends on that document alone, not on
 * the padding or the other documents of its minibatch.
 *
 * <p>Input: token indices [minibatch, T] with a features mask [minibatch, T] (1 = token, 0 = PAD).
 * Choices where DL4J differs from PyTorch: weight decay is L2 added to the gradient (as PyTorch's
 * Adam {@code weight_decay}) but not applied to biases; the gradient clip is on each layer's L2
 * norm, PyTorch clips the norm of all parameters together.
 */
public final class NetworkFactory {

    /** Parameter key of the embedding matrix [vocab, embedding] in the embedding layer ({@link #embeddingLayer}). */
    public static final String EMBEDDING_PARAM = "W";

    private NetworkFactory() {
    }

    public static MultiLayerConfiguration configuration(ModelConfig c) {
        ISchedule lr = c.lrDecayEvery() > 0
                ? new StepSchedule(ScheduleType.EPOCH, c.learningRate(), c.lrDecayFactor(), c.lrDecayEvery())
                : new org.nd4j.linalg.schedule.FixedSchedule(c.learningRate());
        return configuration(c, DataType.FLOAT, new Adam(lr));
    }

    /** The network of {@code c} in another data type or with another updater (gradient checks: double, NoOp). */
    public static MultiLayerConfiguration configuration(ModelConfig c, DataType dataType, IUpdater updater) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(c.seed())
                .dataType(dataType)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                .l2(c.weightDecay());
        if (c.gradientClip() > 0) {
            b.gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(c.gradientClip());
        }
        NeuralNetConfiguration.ListBuilder list = b.list();
        if (c.wordDropout() > 0) {
            list.layer(new WordDropout(c.wordDropout()));
        }
        EmbeddingSequenceLayer.Builder emb = new EmbeddingSequenceLayer.Builder()
                .nIn(c.vocabSize()).nOut(c.embeddingSize()).inputLength(c.maxLength()).hasBias(false);
        if (!c.embeddingTrainable()) {
            // frozen: no updates, and no weight decay either (it would only inflate the reported loss);
            // an empty list would inherit the global L2, a zero L2 does not. Not NoOp: DL4J's NoOp
            // updater leaves the gradient as it is, and the step then subtracts it (plain SGD at rate 1)
            emb.updater(new Sgd(0.0)).regularization(new java.util.ArrayList<>(java.util.List.of(
                    new org.nd4j.linalg.learning.regularization.L2Regularization(0.0))));
        } else if (c.embeddingSgd()) {
            // a row's step is the rate times its gradient, so rare words move little; Adam scales every
            // touched row's step to about the learning rate, however rare its word (the lr schedule is Adam's)
            emb.updater(new Sgd(c.embeddingSgdRate()));
        }
        list.layer(emb.build());
        int nIn = c.embeddingSize();
        for (int i = 0; i < c.layers(); i++) {
            double drop = i == 0 ? c.embeddingDropout() : c.rnnDropout();
            if (drop > 0) {
                list.layer(new SequenceDropout(1.0 - drop)); // DL4J counts the probability of keeping
            }
            boolean lastStep = i == c.layers() - 1 && c.pooling() == ModelConfig.Pooling.LAST;
            SequenceRnn.Cell cell = SequenceRnn.Cell.valueOf(c.cell().name());
            list.layer(new SequenceRnn(cell, nIn, c.hiddenSize(), c.bidirectional(), lastStep));
            nIn = c.rnnOutputSize();
        }
        if (c.pooling() == ModelConfig.Pooling.MEAN || c.pooling() == ModelConfig.Pooling.MAX) {
            list.layer(new GlobalPoolingLayer.Builder(c.pooling() == ModelConfig.Pooling.MEAN ? PoolingType.AVG : PoolingType.MAX)
                    .collapseDimensions(true).build());
        } else if (c.pooling() != ModelConfig.Pooling.LAST) {
            ModelConfig.Pooling p = c.pooling();
            list.layer(new SequencePooling(p.usesLast(), p.usesMean(), p.usesMax(), c.bidirectional()));
            nIn = c.pooledSize();
        }
        if (c.batchNorm()) {
            list.layer(new BatchNormalization.Builder().nIn(nIn).nOut(nIn).build());
        }
        LossMCXENT loss = c.classWeights() == null ? new LossMCXENT() : new LossMCXENT(Nd4j.create(c.classWeights()).castTo(DataType.FLOAT));
        list.layer(new OutputLayer.Builder(loss).activation(Activation.SOFTMAX).nIn(nIn).nOut(c.numClasses()).build());
        return list.build();
    }

    /** A new, initialised network; embedding rows with a pretrained vector are set from it. */
    public static MultiLayerNetwork create(ModelConfig c, float[][] pretrained) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(c));
        net.init();
        if (pretrained != null) {
            INDArray w = embeddingLayer(net).getParam(EMBEDDING_PARAM);
            for (int i = 0; i < pretrained.length; i++) {
                if (pretrained[i] != null) {
                    w.putRow(i, Nd4j.createFromArray(pretrained[i]).castTo(w.dataType()));
                }
            }
        }
        return net;
    }

    /** The network's embedding layer (the first, or the second after word dropout). */
    public static org.deeplearning4j.nn.api.Layer embeddingLayer(MultiLayerNetwork net) {
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            if (l.conf().getLayer() instanceof EmbeddingSequenceLayer) {
                return l;
            }
        }
        throw new IllegalStateException("the network has no embedding layer");
    }
}
