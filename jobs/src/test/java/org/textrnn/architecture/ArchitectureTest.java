package org.textrnn.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of textrnn's main code (docs/development.md): a stage ({@code prepare}, {@code train},
 * {@code score}, {@code evaluate}) never imports another stage or the CLI; the shared layers
 * ({@code corpus}, {@code table}, {@code prepared}, {@code command}, {@code spark}, and everything in
 * common) import no stage and no CLI; only {@code cli} knows every stage.
 */
class ArchitectureTest {

    static final List<String> STAGES = List.of("prepare", "train", "score", "evaluate");
    static final String CLI = "org.textrnn.cli..";

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        // the common module arrives as a jar when jobs is built alone, as classes in a reactor build
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.textrnn");
    }

    static ArchRule stageImportsNoOtherStage(String stage) {
        List<String> others = new ArrayList<>();
        for (String s : STAGES) {
            if (!s.equals(stage)) {
                others.add("org.textrnn." + s + "..");
            }
        }
        others.add(CLI);
        return noClasses().that().resideInAPackage("org.textrnn." + stage + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others.toArray(new String[0]))
                .because("a stage never imports another stage: what two stages share moves down into a shared layer, and only the CLI wires stages together");
    }

    static ArchRule sharedLayersImportNoStage() {
        List<String> top = new ArrayList<>();
        for (String s : STAGES) {
            top.add("org.textrnn." + s + "..");
        }
        top.add(CLI);
        return noClasses().that().resideOutsideOfPackages(top.toArray(new String[0]))
                .should().dependOnClassesThat().resideInAnyPackage(top.toArray(new String[0]))
                .because("shared layers (corpus, table, prepared, command, spark, common) sit below every stage");
    }

    @Test
    void theMainCodeIsThere() {
        // an empty import would pass every rule below
        assertThat(main.stream().map(c -> c.getPackageName()).distinct())
                .contains("org.textrnn.cli", "org.textrnn.prepare", "org.textrnn.train", "org.textrnn.score", "org.textrnn.evaluate",
                        "org.textrnn.corpus", "org.textrnn.table", "org.textrnn.bundle", "org.textrnn.model.rnn");
    }

    @Test
    void noStageImportsAnotherStageOrTheCli() {
        for (String stage : STAGES) {
            stageImportsNoOtherStage(stage).check(main);
        }
    }

    @Test
    void sharedLayersImportNoStageAndNoCli() {
        sharedLayersImportNoStage().check(main);
    }

    @Test
    void theRulesCatchAViolation() {
        // test classes in a stage package that import another stage, the shape of a violation
        JavaClasses violating = new ClassFileImporter().importClasses(org.textrnn.prepare.LayeringViolationFixture.class,
                org.textrnn.corpus.LayeringViolationFixture.class, org.textrnn.train.TrainCommand.class);
        assertThat(stageImportsNoOtherStage("prepare").evaluate(violating).hasViolation()).isTrue();
        assertThat(sharedLayersImportNoStage().evaluate(violating).hasViolation()).isTrue();
        // and only those: a train class of the same import breaks no rule
        assertThat(stageImportsNoOtherStage("train").evaluate(violating).hasViolation()).isFalse();
    }
}
