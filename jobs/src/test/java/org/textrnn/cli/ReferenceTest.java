package org.textrnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.textrnn.command.Command;
import org.textrnn.command.Parser;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/cli-options.md and conf/textrnn.conf are written from the option declarations; the checked-in
 * files must be what the declarations write now. {@code -Dtextrnn.regenerate=true} writes them.
 */
class ReferenceTest {

    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(Reference.CONF))) {
                return p;
            }
        }
        throw new AssertionError(Reference.CONF + " not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theOptionsReferenceAndTheConfigFileAreCurrent() throws IOException {
        Path root = root();
        if (Boolean.getBoolean("textrnn.regenerate")) {
            Reference.main(new String[] {root.toString()});
        }
        for (String file : new String[] {Reference.OPTIONS_MD, Reference.CONF}) {
            String generated = file.equals(Reference.CONF) ? Reference.conf() : Reference.markdown();
            String checkedIn = Files.isRegularFile(root.resolve(file)) ? Files.readString(root.resolve(file), StandardCharsets.UTF_8) : "";
            assertThat(checkedIn).as(file + " is not what the option declarations write: regenerate it with\n  " + Reference.REGENERATE)
                    .isEqualTo(generated);
        }
    }

    @Test
    void everyOptionOfEveryCommandIsListedWithItsDefault() {
        String conf = Reference.conf();
        String md = Reference.markdown();
        for (Command c : TextrnnCli.commands()) {
            assertThat(md).contains("## " + c.name() + "\n");
            for (OptionSpec o : Parser.options(c)) {
                String name = Parser.name(o);
                assertThat(md).as(c.name() + " --" + name).contains("| `--" + name + "` |");
                if (!name.equals("config") && !name.equals("help") && !name.equals("dry-run")) {
                    String value = Parser.defaultValue(o);
                    String line = name + " = " + (value == null ? "" : value);
                    // the whole line: uncommented as it is, it sets the default (a '#' after a value would be part of it)
                    assertThat(conf.lines().anyMatch(l -> l.equals("# " + line) || l.equals("# " + c.name() + "." + line)))
                            .as(c.name() + ": conf/textrnn.conf line for " + line).isTrue();
                }
            }
        }
    }
}
