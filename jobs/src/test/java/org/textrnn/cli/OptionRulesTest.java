package org.textrnn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.textrnn.UsageException;
import org.textrnn.command.Command;
import org.textrnn.command.Parser;
import org.textrnn.command.Rule;
import org.textrnn.command.Rules;
import picocli.CommandLine.Model.OptionSpec;

/** Every numeric rule declared with an option holds on the command line, with the message the declaration says. */
class OptionRulesTest {

    /** The least each command needs. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "prepare", List.of("--input", "x", "--format", "tsv", "--output", "o"),
            "train", List.of("--data", "d", "--model", "m"),
            "score", List.of("--model", "m", "--input", "i", "--format", "tsv", "--table", "db.t", "--run-date", "2026-11-28"),
            "sql", List.of("SELECT 1"),
            "evaluate", List.of("--model", "m", "--data", "d", "--report", "r"),
            "catalog", List.of("status"));

    @Test
    void everyRangeFailsNamingTheOptionTheRuleAndTheValue() {
        int checked = 0;
        for (Supplier<Command> make : TextrnnCli.COMMANDS) {
            Command command = make.get();
            assertThat(Parser.parse(make.get(), REQUIRED.get(command.name()).toArray(new String[0]), TextrnnCli.commands()).help()).isFalse();
            for (OptionSpec o : Parser.options(command)) {
                Rule rule = Parser.rule(o);
                if (rule == null || rule.value().isEmpty()) {
                    continue;
                }
                boolean decimal = o.type() == double.class || o.type() == Double.class;
                List<String> outside = new ArrayList<>();
                for (String v : List.of("-1", "0", "1", "2", "1000000")) {
                    if (!Rules.inRange(rule.value(), Double.parseDouble(v))) {
                        outside.add(v);
                    }
                }
                assertThat(outside).as(command.name() + " --" + Parser.name(o) + ": a value outside " + rule.value()).isNotEmpty();
                for (String v : outside) {
                    List<String> args = new ArrayList<>(REQUIRED.get(command.name()));
                    args.addAll(List.of("--" + Parser.name(o), v));
                    String found = decimal ? Double.toString(Double.parseDouble(v)) : v;
                    assertThatThrownBy(() -> Parser.parse(make.get(), args.toArray(new String[0]), TextrnnCli.commands()))
                            .as(command.name() + " --" + Parser.name(o) + " " + v).isInstanceOf(UsageException.class)
                            .hasMessage("--" + Parser.name(o) + " " + Rules.words(rule) + ", found " + found
                                    + (rule.note().isEmpty() ? "" : " (" + rule.note() + ")"));
                    checked++;
                }
            }
        }
        assertThat(checked).as("values checked").isGreaterThan(20);
    }
}
