package chatlab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes what the release archive holds besides the jar and the launcher, from the command-line model, so they
 * never drift from --help: a man page per command (share/man/man1) and the bash completion, which zsh also sources
 * (share/bash-completion/completions/chatlab). Run by the build: {@code ReleaseFiles OUT_DIR VERSION DATE}.
 */
public final class ReleaseFiles {
    private ReleaseFiles() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ReleaseFiles OUT_DIR VERSION DATE");
        }
        write(Path.of(args[0]), args[1], args[2]);
    }

    static void write(Path out, String version, String date) throws IOException {
        CommandLine root = Main.newCommandLine();
        Path man = Files.createDirectories(out.resolve("share/man/man1"));
        for (CommandSpec spec : ManPage.commands(root)) {
            Files.writeString(man.resolve(ManPage.fileName(spec)), ManPage.render(spec, version, date),
                    StandardCharsets.UTF_8);
        }
        Path completions = Files.createDirectories(out.resolve("share/bash-completion/completions"));
        Files.writeString(completions.resolve("chatlab"), AutoComplete.bash("chatlab", root), StandardCharsets.UTF_8);
    }
}
