package chatlab.client.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Line mode for pipes and scripts: one command per line from stdin, plain lines to stdout, no prompts. */
public final class PlainConsole implements Console {
    private final BufferedReader in;
    private final PrintStream out;
    private final LineSink sink;

    public PlainConsole(InputStream in, PrintStream out) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.sink = line -> {
            synchronized (this.out) {
                this.out.println(line.toString());
                this.out.flush();
            }
        };
    }

    @Override
    public LineSink sink() {
        return sink;
    }

    @Override
    public Optional<String> askName(String prompt) throws IOException {
        return Optional.ofNullable(in.readLine());
    }

    @Override
    public void readLines(Predicate<String> handler, BooleanSupplier beforeEachLine)
            throws IOException {
        while (true) {
            beforeEachLine.getAsBoolean(); // a pipe echoes nothing, so a secret line needs no care; the wait applies
            String line = in.readLine();
            if (line == null || !handler.test(line)) {
                return;
            }
        }
    }

    @Override
    public void close() {
        out.flush();
    }
}
