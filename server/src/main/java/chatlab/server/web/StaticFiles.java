package chatlab.server.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The web client's files, read once from the classpath ({@code chatlab/web/} in the jar) when the server starts and
 * served from memory: each with its media type, a strong ETag (a hash of its bytes) and, when it pays, a gzip copy
 * made once. A request names a file by its path, which is looked up in this fixed map and never touches the file
 * system, so no path ({@code ..}, {@code %2e%2e}, a class file) can reach anything else.
 */
public final class StaticFiles {
    /** Where the files live on the classpath. */
    public static final String ROOT = "chatlab/web";

    /** Paths as the page uses them: lower-case segments of letters, digits, '.', '-' and '_', none starting with '.'. */
    private static final Pattern PATH = Pattern.compile("(/[a-z0-9_-][a-z0-9._-]*)+");

    /** Media types by extension; a file of another kind in the resources stops the server at start (a build error). */
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", // RFC 9239
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8",
            "webmanifest", "application/manifest+json");

    /** Types that compress (text); images are compressed already. */
    private static final Set<String> COMPRESSIBLE = Set.of("html", "css", "js", "svg", "txt",
            "webmanifest");

    /**
     * One file.
     *
     * @param gzip its gzip encoding (RFC 1952), or null when that is not smaller
     * @param etag a strong entity tag (RFC 9110 section 8.8.3) of the plain bytes; the gzip copy's is {@link #gzipEtag}
     */
    public record File(String path, String contentType, byte[] plain, byte[] gzip, String etag) {
        public String gzipEtag() {
            return etag.substring(0, etag.length() - 1) + "-gzip\"";
        }
    }

    private final Map<String, File> files;

    private StaticFiles(Map<String, File> files) {
        this.files = Map.copyOf(files);
    }

    /** The file a request path names ({@code /} is {@code /index.html}), or empty. */
    public Optional<File> get(String path) {
        String name = path.equals("/") ? "/index.html" : path;
        if (!PATH.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(files.get(name));
    }

    public int size() {
        return files.size();
    }

    /** Reads every file under {@link #ROOT} from the class loader, in a directory (a build) or in a jar. */
    public static StaticFiles load(ClassLoader loader) {
        URL index = loader.getResource(ROOT + "/index.html");
        if (index == null) {
            throw new IllegalStateException("the web client's files are missing: no " + ROOT + "/index.html");
        }
        try {
            URI root = URI.create(index.toURI().toString().replaceFirst("/index\\.html$", ""));
            if (root.getScheme().equals("jar")) {
                return fromJar(root);
            }
            return of(Path.of(root));
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the web client's files: " + e.getMessage(), e);
        }
    }

    private static StaticFiles fromJar(URI root) throws IOException {
        FileSystem jar;
        boolean opened = false;
        try {
            jar = FileSystems.newFileSystem(root, Map.of());
            opened = true;
        } catch (FileSystemAlreadyExistsException e) {
            jar = FileSystems.getFileSystem(root);
        }
        try {
            String inside = root.getSchemeSpecificPart().substring(root.getSchemeSpecificPart().indexOf("!/") + 1);
            return of(jar.getPath(inside));
        } finally {
            if (opened) {
                jar.close();
            }
        }
    }

    /** Every regular file under {@code root}, by its path relative to it ({@code /js/main.js}). */
    static StaticFiles of(Path root) throws IOException {
        Map<String, File> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                StringBuilder path = new StringBuilder();
                for (Path part : root.relativize(file)) {
                    path.append('/').append(part.toString());
                }
                files.put(path.toString(), file(path.toString(), Files.readAllBytes(file)));
            }
        }
        return new StaticFiles(files);
    }

    static File file(String path, byte[] bytes) {
        if (!PATH.matcher(path).matches()) {
            throw new IllegalStateException("the web file " + path + " has a name the server does not serve: use "
                    + "lower-case letters, digits, '.', '-' and '_'");
        }
        String extension = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(extension);
        if (type == null || path.lastIndexOf('.') < path.lastIndexOf('/')) {
            throw new IllegalStateException("the web file " + path + " has no known media type; known: "
                    + new TreeSet<>(TYPES.keySet()));
        }
        byte[] gzip = COMPRESSIBLE.contains(extension) ? gzip(bytes) : null;
        if (gzip != null && gzip.length >= bytes.length) {
            gzip = null;
        }
        return new File(path, type, bytes, gzip, etag(bytes));
    }

    /** A strong ETag: the first 128 bits of the bytes' SHA-256, in base64url. */
    private static String etag(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16))
                    + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform has SHA-256
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 32);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION); // once per file at start: the smallest copy is worth it
            }
        }) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
