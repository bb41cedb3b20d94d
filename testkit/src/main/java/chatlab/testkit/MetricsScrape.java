package chatlab.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One scrape of a server's {@code /metrics} (Prometheus text format 0.0.4), read into samples by their full key:
 * {@code chatlab_refusals_total{reason="rate_limited"}} as the server writes it. Reading checks the format's rules
 * the tests rely on: every sample belongs to a family declared by a {@code # TYPE} line before it, and no key is
 * written twice.
 */
public record MetricsScrape(Map<String, Double> samples, Map<String, String> types) {
    /** GET http://127.0.0.1:PORT/metrics; fails unless the answer is 200 in the text format. */
    public static MetricsScrape get(int port) {
        try {
            RawHttp.Response response = RawHttp.request(port, "GET", "/metrics");
            if (response.status() != 200) {
                throw new IllegalStateException("GET /metrics answered " + response.statusLine());
            }
            if (!response.header("Content-Type").startsWith("text/plain; version=0.0.4")) {
                throw new IllegalStateException("GET /metrics answered " + response.header("Content-Type"));
            }
            return parse(response.text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MetricsScrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> helped = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                helped.add(line.split(" ")[2]);
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                if (!helped.contains(parts[2]) || types.put(parts[2], parts[3]) != null) {
                    throw new IllegalStateException("TYPE without HELP, or twice: " + line);
                }
            } else if (!line.isEmpty()) {
                int space = line.lastIndexOf(' ');
                String key = line.substring(0, space);
                String name = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
                if (!types.containsKey(name) && !types.containsKey(name.replaceFirst("_(bucket|sum|count)$", ""))) {
                    throw new IllegalStateException("sample of an undeclared family: " + line);
                }
                String value = line.substring(space + 1);
                if (samples.put(key, value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value))
                        != null) {
                    throw new IllegalStateException("sample written twice: " + line);
                }
            }
        }
        return new MetricsScrape(samples, types);
    }

    /** The value of one sample, by its key as written; fails when it is absent. */
    public double value(String key) {
        Double value = samples.get(key);
        if (value == null) {
            throw new IllegalStateException("no sample " + key + " in " + samples.keySet());
        }
        return value;
    }

    /** The value as a whole number (counters and gauges of counts). */
    public long count(String key) {
        return (long) value(key);
    }

    /** The sum of every sample of a family ({@code chatlab_refusals_total} over all reasons). */
    public long sum(String family) {
        double total = 0;
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            if (sample.getKey().equals(family) || sample.getKey().startsWith(family + "{")) {
                total += sample.getValue();
            }
        }
        return (long) total;
    }
}
