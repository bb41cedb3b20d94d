package chatlab.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/** X.509 certificates from a PEM file (one or several), for the CA file and the client certificate file. */
final class PemCertificates {
    private PemCertificates() {}

    /**
     * @param kind what the file is, as an error names it ({@link ClusterTexts#CA_FILE})
     * @throws IllegalArgumentException naming the file, when it is missing, unreadable or holds no certificate
     */
    static List<X509Certificate> read(Path file, String kind) {
        List<X509Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(ClusterTexts.badFile(kind, file, ClusterTexts.unreadable(e)), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(ClusterTexts.badFile(kind, file,
                    "not PEM certificates (" + e.getMessage() + ")"), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(ClusterTexts.badFile(kind, file, "it holds no PEM certificate"));
        }
        return certificates;
    }
}
