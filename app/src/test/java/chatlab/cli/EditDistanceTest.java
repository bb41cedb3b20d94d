package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditDistanceTest {
    @Test
    void countsInsertionsDeletionsSubstitutionsAndTranspositions() {
        assertThat(EditDistance.between("port", "port")).isZero();
        assertThat(EditDistance.between("prot", "port")).isEqualTo(1); // transposition
        assertThat(EditDistance.between("nmae", "name")).isEqualTo(1);
        assertThat(EditDistance.between("bind", "bnd")).isEqualTo(1); // deletion
        assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
        assertThat(EditDistance.between("", "abc")).isEqualTo(3);
        // The restricted variant: a transposed pair is not edited again ("ca" to "abc" is 3, not Damerau's 2).
        assertThat(EditDistance.between("ca", "abc")).isEqualTo(3);
    }

    @Test
    void suggestsTheNearestNamesOnlyWhenTheyAreNear() {
        List<String> options = List.of("--port", "--presence-batch", "--presence-max-delay", "--bind", "--help");
        assertThat(Suggestions.nearest("--prot", options)).containsExactly("--port");
        assertThat(Suggestions.nearest("--presence-btach", options)).containsExactly("--presence-batch");
        assertThat(Suggestions.nearest("--presence", options)).containsExactly("--presence-batch", "--presence-max-delay");
        assertThat(Suggestions.nearest("--frobnicate", options)).isEmpty();
        assertThat(Suggestions.nearest("-bind", options)).containsExactly("--bind");
        assertThat(Suggestions.nearest("--x", options)).isEmpty();
    }
}
