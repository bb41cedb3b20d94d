package chatlab.check.wire;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.wire.PythonRepr;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonDictTest {
    @Test
    void readsWhatTheLabClientPrintsForLsAfterItsPrompt() {
        assertThat(PythonDict.find(">{'alice': '10.20.30.11', 'bob': '10.20.30.12'}")).contains(
                Map.of("alice", "10.20.30.11", "bob", "10.20.30.12"));
        assertThat(PythonDict.find(">{}")).contains(Map.of());
    }

    @Test
    void readsBackEveryNamePythonsReprWrites() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("o'neil", "1.1.1.1");
        users.put("bjørn 😀", "2.2.2.2");
        users.put("tab\there", "3.3.3.3");
        users.put("back\\slash \"q\"", "4.4.4.4");
        assertThat(PythonDict.find(PythonRepr.dict(users))).contains(users);
    }

    @Test
    void noneAndOtherTextAreNoDictionary() {
        assertThat(PythonDict.find(">None")).isEmpty();
        assertThat(PythonDict.find("incoming msg from chatserver (bob: {not a dict} )")).isEmpty();
        assertThat(PythonDict.find("{'alice': ['10.0.0.1', 4000]}")).isEmpty();
    }
}
