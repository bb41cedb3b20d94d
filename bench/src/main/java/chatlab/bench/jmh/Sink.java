package chatlab.bench.jmh;

import java.util.function.Consumer;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The consumer handed to the framer and the splitter: it sinks every event into the benchmark's {@link Blackhole}
 * and counts them. One per state object, so a benchmark call allocates no lambda; the benchmark sets
 * {@link #blackhole} at the start of each call.
 */
final class Sink implements Consumer<Object> {
    Blackhole blackhole;
    long events;

    Sink to(Blackhole target) {
        this.blackhole = target;
        return this;
    }

    @Override
    public void accept(Object event) {
        events++;
        if (blackhole != null) {
            blackhole.consume(event);
        }
    }
}
