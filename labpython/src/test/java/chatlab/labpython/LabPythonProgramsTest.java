package chatlab.labpython;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabPythonProgramsTest {
    @TempDir
    Path dir;

    @Test
    void bothProgramsAreCopiedWholeIntoAFolderMadeForThem() throws Exception {
        Path target = LabPythonPrograms.extractTo(dir.resolve("a/b"));
        assertThat(target).isEqualTo(dir.resolve("a/b"));
        for (String name : new String[] {LabPythonPrograms.SERVER, LabPythonPrograms.CLIENT}) {
            try (var in = LabPythonPrograms.class.getResourceAsStream(name)) {
                assertThat(Files.readAllBytes(target.resolve(name))).isEqualTo(in.readAllBytes());
            }
        }
        assertThat(Files.readString(target.resolve(LabPythonPrograms.SERVER))).contains("recv(1024)");
        LabPythonPrograms.extractTo(target); // again: the files are replaced, not refused
    }
}
