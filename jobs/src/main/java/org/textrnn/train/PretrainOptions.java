package org.textrnn.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.textrnn.UsageException;
import org.textrnn.command.Rule;
import org.textrnn.command.Settings;
import org.textrnn.corpus.CorpusReader;
import org.textrnn.corpus.InputFormat;
import org.textrnn.corpus.OnError;
import org.textrnn.corpus.ReaderOptions;
import org.textrnn.corpus.UnlabelledText;
import org.textrnn.io.Json;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * train's pretraining options, a picocli option group: {@code --pretrain word2vec} trains Spark
 * MLlib's Word2Vec on the training split's text plus any {@code --unlabelled-input} (read with
 * {@code --format} and the reader options every command that reads raw documents shares), and
 * initialises the embedding from it ({@link Word2VecPretraining}).
 *
 * <p>The options are recorded (train-config.json, provenance, the checkpoint's options) only with
 * {@code --pretrain word2vec}: a run without pretraining records what runs recorded before these
 * options existed, so its run id and its checkpoints stay what they were ({@link #OFF}).
 */
public final class PretrainOptions {

    /** What the embedding is pretrained with. */
    public enum Method { NONE, WORD2VEC }

    @Option(names = "--pretrain", description = "Pretrain the embedding on the corpus: word2vec trains Spark MLlib's Word2Vec (vectors of"
            + " --embedding-size) on the training split's text plus any --unlabelled-input, and initialises the embedding rows"
            + " of the words it learned; none: random initialisation (or --glove). With --glove and no --pretrain: none.")
    Method pretrain = Method.WORD2VEC;

    /** Whether {@link #pretrain(Method)} chose the method (built in code; parsed, the command line tells). */
    private boolean chosen;

    @Option(names = "--pretrain.iterations", paramLabel = "N", description = "word2vec: passes over the text (Word2Vec's maxIter).")
    @Rule(">= 1")
    int iterations = 5;

    @Option(names = "--pretrain.window", paramLabel = "N", description = "word2vec: context words on each side of a word.")
    @Rule(">= 1")
    int window = 5;

    @Option(names = "--pretrain.trainable", paramLabel = "BOOL", arity = "1", description = "word2vec: train the pretrained embedding"
            + " further with the classifier; false: frozen, so that words the labelled data has rarely or not at all (only"
            + " --unlabelled-input) keep vectors in the space the classifier learns in: for documents to score whose words the"
            + " labelled data lacks (see docs/training.md).")
    boolean trainable = true;

    @Option(names = "--unlabelled-input", paramLabel = "PATH", description = "More text for --pretrain, without labels (any Hadoop file"
            + " system, globs allowed; repeatable), read with --format and the reader options; labels in it are ignored. Its words are"
            + " looked up in the data's vocabulary (others are UNK): prepare --vocab.include-unlabelled gives them entries.")
    List<String> unlabelledInput = new ArrayList<>();

    @Option(names = "--format", description = "Layout of --unlabelled-input (as prepare's --format; read as --unlabelled reads).")
    InputFormat format;

    @Mixin
    ReaderOptions.Builder reader = ReaderOptions.builder();

    @Option(names = "--on-error", description = "--unlabelled-input records that cannot be read: skip: rejected into"
            + " MODEL/pretrain-rejected and counted; fail: the first one fails the run.")
    OnError onError = OnError.SKIP;

    PretrainOptions() {
    }

    /**
     * What every pretraining option is recorded as when {@code --pretrain} is none, which is what
     * runs before these options existed amount to: the settings of a new option group, as JSON reads
     * them back ({@code pretrain} none, {@code unlabelled-input} null, ...). {@link Checkpoint#ADDED_LATER}
     * holds them.
     */
    static final Map<String, Object> OFF = Collections.unmodifiableMap(new LinkedHashMap<>(
            Json.readMap(Json.write(Settings.of(new PretrainOptions().pretrain(Method.NONE), null)), "pretrain options")));

    /**
     * The pretraining, checked against the other options; {@code settings} (every train option) loses
     * the pretraining options when there is none.
     *
     * @param glove the --glove file, or null
     */
    Pretrain build(String glove, Map<String, Object> settings) {
        List<String> unlabelled = Settings.parts(unlabelledInput);
        if (pretrain == Method.NONE) {
            if (!unlabelled.isEmpty()) {
                throw new UsageException("--unlabelled-input is text for --pretrain word2vec, and --pretrain is none: give --pretrain word2vec,"
                        + " or leave out --unlabelled-input");
            }
            settings.keySet().removeAll(names());
            return Pretrain.NONE;
        }
        if (glove != null) {
            throw new UsageException("--pretrain " + Settings.text(pretrain) + " and --glove " + glove
                    + " both initialise the embedding: give one of them");
        }
        if (!unlabelled.isEmpty() && format == null) {
            throw new UsageException("--unlabelled-input needs --format, the layout of its files (" + InputFormat.choices().replace("|", ", ")
                    + ")");
        }
        return new Pretrain(pretrain, iterations, window, trainable, unlabelled, format, reader.build(), onError);
    }

    /**
     * --glove initialises the embedding instead: without a --pretrain chosen (given, or set in code)
     * there is no pretraining.
     */
    void gloveGiven(boolean pretrainGiven) {
        if (!pretrainGiven && !chosen) {
            pretrain = Method.NONE;
        }
    }

    /** The names of these options (the reader options included). */
    static Set<String> names() {
        return Settings.names(new PretrainOptions());
    }

    public PretrainOptions pretrain(Method pretrain) {
        this.pretrain = pretrain;
        this.chosen = true;
        return this;
    }

    public PretrainOptions iterations(int iterations) {
        this.iterations = iterations;
        return this;
    }

    public PretrainOptions window(int window) {
        this.window = window;
        return this;
    }

    public PretrainOptions trainable(boolean trainable) {
        this.trainable = trainable;
        return this;
    }

    public PretrainOptions unlabelledInput(String... paths) {
        this.unlabelledInput = new ArrayList<>(List.of(paths));
        return this;
    }

    public PretrainOptions format(InputFormat format) {
        this.format = format;
        return this;
    }

    public PretrainOptions reader(java.util.function.Consumer<ReaderOptions.Builder> change) {
        change.accept(reader);
        return this;
    }

    public PretrainOptions onError(OnError onError) {
        this.onError = onError;
        return this;
    }

    /**
     * A train run's pretraining, validated.
     *
     * @param iterations       Word2Vec's passes over the text
     * @param window           context words on each side
     * @param trainable        whether the classifier trains the pretrained embedding further (false: frozen)
     * @param unlabelledInputs the --unlabelled-input paths (possibly none)
     * @param format           their layout, null without them
     */
    public record Pretrain(Method method, int iterations, int window, boolean trainable, List<String> unlabelledInputs, InputFormat format,
                           ReaderOptions reader, OnError onError) implements Serializable {

        /** No pretraining. */
        public static final Pretrain NONE = new Pretrain(Method.NONE, 0, 0, true, List.of(), null, null, OnError.SKIP);

        public Pretrain {
            unlabelledInputs = List.copyOf(unlabelledInputs);
        }

        public boolean enabled() {
            return method != Method.NONE;
        }

        /** The unlabelled input as the corpus reader reads it; null without one. */
        public CorpusReader.Source source() {
            return unlabelledInputs.isEmpty() ? null : UnlabelledText.source(unlabelledInputs, format, reader);
        }
    }
}
