package chatlab.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the bench names its C programs' compiler and the servers it starts; no process is run. */
class CProgramTest {
    @Test
    void theCompilerIsCcOrWhatCcSaysWithItsOptions() {
        assertThat(CProgram.compilerCommand(null)).containsExactly("cc");
        assertThat(CProgram.compilerCommand("  ")).containsExactly("cc");
        assertThat(CProgram.compilerCommand(" ccache  gcc -m64")).containsExactly("ccache", "gcc", "-m64");
    }

    @Test
    void aServerKindIsNamedAsTheCommandLineWritesIt() {
        assertThat(SpawnedServer.Kind.parse("c-nagle")).isEqualTo(SpawnedServer.Kind.C_NAGLE);
        assertThat(SpawnedServer.Kind.parse(" C ")).isEqualTo(SpawnedServer.Kind.C);
        assertThat(SpawnedServer.Kind.C_NAGLE.text()).isEqualTo("c-nagle");
    }
}
