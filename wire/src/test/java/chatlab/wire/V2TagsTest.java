package chatlab.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link V2Tags#ALL} is what the protocol checks its enum against: it must hold every tag, each once. */
class V2TagsTest {
    @Test
    void allHoldsEveryTagConstantOnce() throws IllegalAccessException {
        List<String> constants = new ArrayList<>();
        for (Field f : V2Tags.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                constants.add((String) f.get(null));
            }
        }
        assertThat(constants).hasSize(27).doesNotHaveDuplicates();
        assertThat(V2Tags.ALL).containsExactlyInAnyOrderElementsOf(constants);
    }
}
