package chatlab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * chatlab's version and the git commit it was built from (build.properties, filled in by the build; "-dirty" when
 * the working tree had changes, "unknown" when built outside git), and the Java runtime it runs on.
 */
final class VersionProvider implements IVersionProvider {
    static final String RESOURCE = "build.properties";

    @Override
    public String[] getVersion() {
        Properties build = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource is a development build, as a missing one is
        }
        return new String[] {
            "chatlab " + filled(build, "version", "development build") + " (commit " + filled(build, "commit", "unknown")
                    + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                    + System.getProperty("java.vm.name"),
        };
    }

    /** The value, or the fallback when the resource was not filtered (run from an IDE's own build). */
    private static String filled(Properties build, String key, String fallback) {
        String value = build.getProperty(key, "").strip();
        return value.isEmpty() || value.startsWith("${") ? fallback : value;
    }
}
