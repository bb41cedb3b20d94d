package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive that `mvn package` builds, unpacked as a user would (README, Install), run with nothing but
 * Java (and bash for the launcher) on PATH: no Maven, no JDK tools, no git, no clone.
 */
class ReleaseArchiveIT {
    @TempDir
    static Path dir;
    static Path home;
    static Path onlyJava;

    record Result(int code, String out, String err) {}

    @BeforeAll
    static void unpack() throws Exception {
        Path archive;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().matches("chatlab-.+\\.tar\\.gz")).toList();
            assertThat(archives).as("the release archive `mvn package` builds in target/").hasSize(1);
            archive = archives.get(0);
        }
        Path unpacked = Files.createDirectories(dir.resolve("opt"));
        Result tar = run(List.of("tar", "xzf", archive.toAbsolutePath().toString(), "-C", unpacked.toString()),
                Map.of("PATH", System.getenv("PATH")));
        assertThat(tar.code()).as(tar.err()).isZero();
        String name = archive.getFileName().toString().replace(".tar.gz", "");
        home = unpacked.resolve(name);
        onlyJava = Files.createDirectories(dir.resolve("path"));
        Files.createSymbolicLink(onlyJava.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        Files.createSymbolicLink(onlyJava.resolve("bash"), tool("bash"));
    }

    private static Path tool(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name);
            }
        }
        throw new AssertionError(name + " is not installed; this test needs it");
    }

    private static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("HOME", dir.toString());
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Result chatlab(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/chatlab").toString()));
        command.addAll(List.of(args));
        return run(command, Map.of("PATH", onlyJava.toString()));
    }

    @Test
    void theArchiveHoldsTheLauncherTheJarTheManPagesAndTheCompletion() {
        assertThat(home.resolve("bin/chatlab")).isExecutable();
        assertThat(home.resolve("lib/chatlab.jar")).isRegularFile();
        assertThat(home.resolve("lib/" + LauncherFiles.SERVER_JVM_OPTIONS)).isRegularFile();
        assertThat(home.resolve("share/man/man1/chatlab.1")).isRegularFile();
        assertThat(home.resolve("share/bash-completion/completions/chatlab")).isRegularFile();
        assertThat(home.resolve("share/doc/chatlab/README.md")).isRegularFile();
        assertThat(home.resolve("share/doc/chatlab/docs/PROTOCOL.md")).isRegularFile();
    }

    @Test
    void theVersionNamesTheVersionAndTheCommitWithOnlyJavaOnThePath() throws Exception {
        Result version = chatlab("--version");
        assertThat(version.code()).as(version.err()).isZero();
        assertThat(version.out().lines().findFirst().orElse(""))
                .matches("chatlab \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{12}(-dirty)?|unknown)\\)");
        assertThat(version.err()).isEmpty();
    }

    @Test
    void theServersHelpRunsWithOnlyJavaOnThePath() throws Exception {
        Result help = chatlab("server", "--help");
        assertThat(help.code()).as(help.err()).isZero();
        assertThat(help.out()).startsWith("Usage: chatlab server").contains("--port", "--lab-udp-port");
    }

    @Test
    void aSymlinkToTheLauncherFindsTheJar() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("user-bin"));
        Files.createSymbolicLink(bin.resolve("chatlab"), home.resolve("bin/chatlab"));
        Path withReadlink = Files.createDirectories(dir.resolve("path-readlink"));
        Files.createSymbolicLink(withReadlink.resolve("java"), onlyJava.resolve("java"));
        Files.createSymbolicLink(withReadlink.resolve("bash"), onlyJava.resolve("bash"));
        Files.createSymbolicLink(withReadlink.resolve("readlink"), tool("readlink"));
        Result version = run(List.of(bin.resolve("chatlab").toString(), "--version"),
                Map.of("PATH", withReadlink.toString()));
        assertThat(version.code()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("chatlab ");
    }

    @Test
    void withoutJavaTheLauncherSaysWhatToInstall() throws Exception {
        Path bashOnly = Files.createDirectories(dir.resolve("path-bash"));
        Files.createSymbolicLink(bashOnly.resolve("bash"), onlyJava.resolve("bash"));
        Result none = run(List.of(home.resolve("bin/chatlab").toString(), "--version"), Map.of("PATH", bashOnly.toString()));
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("chatlab: no Java runtime found; install Java 17 or later (Debian: apt install "
                + "openjdk-17-jre-headless) or set JAVA_HOME\n");
    }

    @Test
    void everyCommandHasAManPageThatNamesItsSubcommandsAndRendersWithoutWarnings() throws Exception {
        Path man = home.resolve("share/man/man1");
        for (var spec : ManPage.commands(Main.newCommandLine())) {
            Path page = man.resolve(ManPage.fileName(spec));
            assertThat(page).as(spec.qualifiedName()).isRegularFile();
            String troff = Files.readString(page);
            assertThat(troff).contains(".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION");
            for (String sub : spec.subcommands().keySet()) {
                assertThat(troff).as(page + " names " + sub).contains(".B " + ManPage.escape(sub) + "\n");
            }
            Result groff = run(List.of(tool("groff").toString(), "-man", "-Tutf8", "-ww", "-z", page.toString()),
                    Map.of("PATH", System.getenv("PATH")));
            assertThat(groff.code()).isZero();
            assertThat(groff.err()).as("groff's warnings on " + page).isEmpty();
        }
        Result server = run(List.of(tool("groff").toString(), "-man", "-Tutf8", "-rLL=100n",
                man.resolve("chatlab-server.1").toString()), Map.of("PATH", System.getenv("PATH")));
        String text = server.out().replaceAll(".\b", ""); // groff's overstrike bold and underline
        assertThat(text).contains("chatlab-server - Runs the chat server", "--lab-udp-port=PORT", "--port=<port>")
                .doesNotContain("time\u2010out"); // no hyphenation inside an option's name
    }

    @Test
    void theCompletionCompletesCommandsAndOptionsInBash() throws Exception {
        Path script = home.resolve("share/bash-completion/completions/chatlab");
        String complete = "source '" + script + "'; compopt() { :; }; "
                + "COMP_WORDS=(chatlab se); COMP_CWORD=1; _complete_chatlab chatlab se chatlab; echo \"[${COMPREPLY[*]}]\"; "
                + "COMP_WORDS=(chatlab server --lab-u); COMP_CWORD=2; _complete_chatlab chatlab --lab-u server; "
                + "echo \"[${COMPREPLY[*]}]\"";
        Result bash = run(List.of(tool("bash").toString(), "-c", complete), Map.of("PATH", System.getenv("PATH")));
        assertThat(bash.code()).as(bash.err()).isZero();
        assertThat(bash.out()).isEqualTo("[server]\n[--lab-udp-port]\n");
        String text = Files.readString(script, StandardCharsets.UTF_8);
        for (String command : Main.newCommandLine().getSubcommands().keySet()) {
            assertThat(text).contains(command);
        }
        assertThat(text).contains("bashcompinit"); // zsh sources the same script
    }
}
