package chatlab.check.it;

import chatlab.check.CheckEvents;
import chatlab.check.CheckOutcome;
import chatlab.check.CheckRequest;
import chatlab.check.CheckRunner;
import chatlab.check.ChatlabServerMain;
import chatlab.check.Target;
import chatlab.labpython.LabPythonPrograms;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The programs the check is tested on: the lab's own (labpython), the deliberately faulty ones and a harmless
 * variant (test resources, each run beside the lab's program it changes), and chatlab's own server; and a way to
 * check one.
 */
final class Programs {
    static final List<String> FAULTY = List.of("server_relays_to_sender.py", "server_drops_first_holder.py",
            "server_map_to_newcomer.py", "server_never_closes.py", "server_crashes_on_empty_read.py",
            "client_dm_to_server.py");
    static final List<String> VARIANTS = List.of("client_with_password_prompt.py");
    private static Path directory;

    private Programs() {}

    /** A folder (once per JVM) with chatserver.py, chatclient.py and every faulty program. */
    static synchronized Path directory() {
        if (directory == null) {
            try {
                Path dir = Files.createTempDirectory("chatlab-check-programs");
                LabPythonPrograms.extractTo(dir);
                for (String name : FAULTY) {
                    copy("/chatlab/check/faulty/" + name, dir.resolve(name));
                }
                for (String name : VARIANTS) {
                    copy("/chatlab/check/variants/" + name, dir.resolve(name));
                }
                directory = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return directory;
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = Programs.class.getResourceAsStream(resource)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static List<String> python(String program) {
        return List.of("python3", directory().resolve(program).toString());
    }

    /** chatlab's own server, from this JVM's classpath, at {host} {port}. */
    static List<String> chatlabServer() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ChatlabServerMain.class.getName(),
                "{host}", "{port}");
    }

    /** A check on the loopback, with what it said as it went. */
    static CheckRequest local(Target target, List<String> command) {
        return CheckRequest.of(target, command).local("127.0.0.1", 0);
    }

    static Run check(CheckRequest request) throws Exception {
        List<String> progress = new ArrayList<>();
        CheckOutcome outcome = CheckRunner.run(request, new CheckEvents() {
            @Override
            public void progress(String line) {
                synchronized (progress) {
                    progress.add(line);
                }
            }

            @Override
            public void warning(String line) {
                progress("warning: " + line);
            }
        });
        return new Run(outcome, progress);
    }

    record Run(CheckOutcome outcome, List<String> progress) {
        /** The failed rules' ids, required and advice. */
        List<String> failed() {
            return outcome.failedIds();
        }

        /** Everything a student would read about one rule: verdict, expected, seen and evidence. */
        String about(String id) {
            return outcome.results().stream().filter(r -> r.rule().id().equals(id)).map(r -> r.status() + " | "
                    + r.verdict().expected() + " | " + r.verdict().seen() + " | " + r.verdict().evidence().stream()
                            .map(e -> e.text() + e.frame().map(f -> " [" + f + "]").orElse("")).toList())
                    .findFirst().orElse("(not judged)");
        }

        /** For a failing assertion: the summary of the check. */
        String summary() {
            return chatlab.check.report.SummaryText.render(outcome);
        }
    }
}
