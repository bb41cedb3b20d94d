package chatlab.bench.jmh;

import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One chatroom message's text: 64 or 1,000 UTF-8 bytes, plain ASCII or mostly non-ASCII. */
@State(Scope.Benchmark)
public class MessageText {
    /** The sender: a name with a Norwegian letter, as the lab's users pick them. */
    static final String SENDER = "bjørn.strøm";

    @Param({Workload.ASCII_64, Workload.ASCII_1000, Workload.UTF8_64, Workload.UTF8_1000})
    public String text;

    String value;
    byte[] bytes;

    @Setup
    public void setUp() {
        value = Workload.text(text);
        bytes = value.getBytes(StandardCharsets.UTF_8);
    }
}
