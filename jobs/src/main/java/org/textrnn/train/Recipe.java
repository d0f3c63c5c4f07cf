package org.textrnn.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.textrnn.model.ModelConfig;

/**
 * {@code train --recipe}: a named set of defaults. {@link #DEFAULT} is the options' declared
 * defaults; {@link #REFERENCE} is the seed PyTorch project's exact recipe (embedding 50 → dropout
 * 0.6 → 2-layer biLSTM 128, dropout 0.5 → last step → batch norm → linear; Adam 0.005, weight
 * decay 1e-4, lr × 0.1 every 8 epochs, clip 0.25), kept for comparison and reproduction. An option
 * given on the command line or in the config file wins over the recipe.
 *
 * <p>Each recipe lists only the options where it differs from the declared defaults; docs/training.md
 * says why the defaults are what they are, with the measurements (bench/RESULTS.md).
 */
public enum Recipe {

    /** textrnn's defaults: the declared default of every option. */
    DEFAULT(Map.of()),

    /** The seed project's recipe, as textrnn's defaults were before issue 16. */
    REFERENCE(reference());

    private final Map<String, Consumer<TrainConfig.Builder>> values;

    Recipe(Map<String, Consumer<TrainConfig.Builder>> values) {
        this.values = values;
    }

    private static Map<String, Consumer<TrainConfig.Builder>> reference() {
        Map<String, Consumer<TrainConfig.Builder>> m = new LinkedHashMap<>();
        m.put("layers", b -> b.network.layers = 2);
        m.put("hidden-size", b -> b.network.hiddenSize = 128);
        m.put("pooling", b -> b.network.pooling = ModelConfig.Pooling.LAST);
        m.put("word-dropout", b -> b.network.wordDropout = 0);
        m.put("pretrain", b -> b.pretrain.pretrain = PretrainOptions.Method.NONE);
        return m;
    }

    /** The options this recipe sets (where it differs from the declared defaults). */
    public Set<String> options() {
        return values.keySet();
    }

    /** Sets this recipe's values on {@code b}, except the options in {@code given}. */
    void apply(TrainConfig.Builder b, Set<String> given) {
        values.forEach((option, set) -> {
            if (!given.contains(option)) {
                set.accept(b);
            }
        });
    }
}
