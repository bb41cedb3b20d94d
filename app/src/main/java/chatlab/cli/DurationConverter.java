package chatlab.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as people write them: {@code 100us}, {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 90d}, or ISO-8601. */
final class DurationConverter implements ITypeConverter<Duration> {
    /** Units from the largest, with their suffixes, for {@link #format}. */
    private static final long[] UNIT_NANOS = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L,
        1_000_000_000L, 1_000_000L, 1_000L};
    private static final String[] UNIT_SUFFIXES = {"d", "h", "m", "s", "ms", "us"};

    /**
     * A duration as {@link #convert} reads it, in the largest unit in which it is a whole number of at least 2
     * ({@code 90s}, {@code 60s}, {@code 15m}, {@code 500ms}, {@code 100us}); whole microseconds at the least.
     */
    static String format(Duration value) {
        long nanos = value.toNanos();
        for (int i = 0; i < UNIT_NANOS.length; i++) {
            long unit = UNIT_NANOS[i];
            if (nanos % unit == 0 && (nanos / unit >= 2 || i == UNIT_NANOS.length - 1)) {
                return nanos / unit + UNIT_SUFFIXES[i];
            }
        }
        return nanos / 1_000 + "us";
    }

    @Override
    public Duration convert(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("us")) {
                return Duration.ofNanos(Long.parseLong(text.substring(0, text.length() - 2)) * 1000);
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new TypeConversionException("'" + value + "' is not a duration; write it like 500ms, 30s, 2m, 1h or 90d");
        }
    }
}
