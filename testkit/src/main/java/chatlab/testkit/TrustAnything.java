package chatlab.testkit;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/** For tests about a server's TLS behaviour, not its certificate: any certificate will do. */
public final class TrustAnything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
