package chatlab.protocol.v2;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.wire.V2Fields;
import chatlab.wire.V2Tags;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The protocol's tags are the wire module's facts, which the capture analyzer reads too: each {@link V2Type} has
 * one of {@link V2Tags}, and each of those belongs to one type.
 */
class V2TypeTest {
    @Test
    void everyTypeIsATagOfTheWireModuleAndEveryTagAType() {
        assertThat(Arrays.stream(V2Type.values()).map(V2Type::tag).toList())
                .containsExactlyInAnyOrderElementsOf(V2Tags.ALL);
        for (String tag : V2Tags.ALL) {
            assertThat(V2Type.ofTag(tag)).as(tag).isPresent();
        }
    }

    @Test
    void theWiresAreTheWireModulesValues() {
        assertThat(Wire.LAB.text()).isEqualTo(V2Fields.WIRE_LAB);
        assertThat(Wire.V2.text()).isEqualTo(V2Fields.WIRE_V2);
    }
}
