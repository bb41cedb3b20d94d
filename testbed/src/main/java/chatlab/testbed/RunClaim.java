package chatlab.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One run at a time per testbed: a second one would find port 5000 taken and mix its captures with ours. The claim is
 * a file in the testbed's run directory holding the running chatlab's PID; a claim whose process is gone is taken over.
 */
final class RunClaim {
    private RunClaim() {}

    /** @throws TestbedException when another live run holds the testbed */
    static void claim(Testbed testbed) throws TestbedException, IOException {
        Path file = file(testbed);
        String pid = Long.toString(ProcessHandle.current().pid());
        try {
            Files.writeString(file, pid + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            String other = Testbed.readQuietly(file).strip();
            boolean alive = other.matches("\\d+") && ProcessHandle.of(Long.parseLong(other)).map(ProcessHandle::isAlive)
                    .orElse(false);
            if (alive) {
                throw new TestbedException("another `chatlab testbed run` (pid " + other + ") is using the testbed; "
                        + "wait for it to finish");
            }
            Files.writeString(file, pid + "\n", StandardCharsets.UTF_8);
        }
    }

    /** Gives the testbed back (a testbed this run brought up goes down instead, which removes the file too). */
    static void release(Testbed testbed) {
        try {
            Files.deleteIfExists(file(testbed));
        } catch (IOException ignored) {
            // down removes it with the rest.
        }
    }

    private static Path file(Testbed testbed) {
        return testbed.config().runDir().resolve("active-run");
    }
}
