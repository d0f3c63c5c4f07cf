package org.textrnn.score;

import org.textrnn.command.Parser;

/** The score tests' configs; their corpus and model are {@link org.textrnn.testing.ToyCorpus} and {@link org.textrnn.testing.ToyModel}. */
final class ScoreFixtures {

    private ScoreFixtures() {
    }

    static ScoreConfig config(String... args) {
        return Parser.parse(new ScoreCommand(), args).config();
    }
}
