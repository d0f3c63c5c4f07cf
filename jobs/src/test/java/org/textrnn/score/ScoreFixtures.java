package org.textrnn.score;

import java.util.Set;
import org.textrnn.command.CommandLine;

/** The score tests' configs; their corpus and model are {@link org.textrnn.testing.ToyCorpus} and {@link org.textrnn.testing.ToyModel}. */
final class ScoreFixtures {

    private ScoreFixtures() {
    }

    static ScoreConfig config(String... args) {
        return ScoreCommand.config(CommandLine.parse(new ScoreCommand(), args, Set.of()));
    }
}
