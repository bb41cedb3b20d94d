package chatlab.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802 section 5, RFC 7677), without channel binding:
 * client-first, server-first, client-final, server-final. Unknown names get a made-up verifier that is the same on
 * every attempt ({@link DecoyVerifiers}), so the exchange looks the same for every name and always fails for
 * names that do not exist. Not thread-safe: one per login.
 */
public final class ScramServerExchange {
    private static final int NONCE_BYTES = 18;

    private final Function<String, Optional<Verifier>> accounts;
    private final DecoyVerifiers decoys;
    private final SecureRandom random;
    private String user;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private Verifier verifier;
    private boolean known;

    public ScramServerExchange(Function<String, Optional<Verifier>> accounts, DecoyVerifiers decoys, SecureRandom random) {
        this.accounts = accounts;
        this.decoys = decoys;
        this.random = random;
    }

    /** Reads client-first ({@code n,,n=user,r=nonce}) and answers server-first ({@code r=...,s=...,i=...}). */
    public String serverFirst(String clientFirst) throws ScramException {
        if (clientFirst.startsWith("p=")) {
            throw new ScramException("channel binding is not supported; use SCRAM-SHA-256 without -PLUS");
        }
        if (!clientFirst.startsWith("n,") && !clientFirst.startsWith("y,")) {
            throw new ScramException("client-first must start with the GS2 header n,, or y,,");
        }
        int bareStart = clientFirst.indexOf(',', 2);
        if (bareStart < 0) {
            throw new ScramException("client-first has no client-first-bare");
        }
        if (bareStart != 2 && !clientFirst.substring(2, bareStart).startsWith("a=")) {
            throw new ScramException("client-first has a malformed authorization identity");
        }
        gs2Header = clientFirst.substring(0, bareStart + 1);
        clientFirstBare = clientFirst.substring(bareStart + 1);
        String[] attributes = clientFirstBare.split(",", -1);
        if (attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")) {
            throw new ScramException("client-first-bare must be n=USER,r=NONCE");
        }
        user = unescapeName(attributes[0].substring(2));
        String clientNonce = attributes[1].substring(2);
        if (clientNonce.isEmpty() || !printable(clientNonce)) {
            throw new ScramException("the client nonce must be printable ASCII without commas");
        }
        Optional<Verifier> account = accounts.apply(user);
        known = account.isPresent();
        verifier = account.orElseGet(() -> decoys.forName(user));
        byte[] serverNonce = new byte[NONCE_BYTES];
        random.nextBytes(serverNonce);
        nonce = clientNonce + Base64.getEncoder().encodeToString(serverNonce);
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(verifier.salt()) + ",i=" + verifier.iterations();
        return serverFirst;
    }

    /** The user named in client-first (after {@link #serverFirst}). */
    public String user() {
        return user;
    }

    /** The verifier used: the account's, or a decoy when the name has no account. */
    public Verifier verifier() {
        return verifier;
    }

    /**
     * Reads client-final ({@code c=biws,r=nonce,p=proof}) and checks the proof in constant time. Returns
     * server-final ({@code v=signature}) when it matches, empty when it does not (or the name has no account).
     */
    public Optional<String> serverFinal(String clientFinal) throws ScramException {
        if (serverFirst == null) {
            throw new ScramException("client-final before client-first");
        }
        int proofAt = clientFinal.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw new ScramException("client-final has no proof");
        }
        String withoutProof = clientFinal.substring(0, proofAt);
        String[] attributes = withoutProof.split(",", -1);
        if (attributes.length < 2 || !attributes[0].startsWith("c=") || !attributes[1].startsWith("r=")) {
            throw new ScramException("client-final must be c=BINDING,r=NONCE,p=PROOF");
        }
        String binding = new String(decode(attributes[0].substring(2)), StandardCharsets.UTF_8);
        if (!binding.equals(gs2Header)) {
            throw new ScramException("channel binding data does not match the GS2 header");
        }
        if (!attributes[1].substring(2).equals(nonce)) {
            throw new ScramException("the nonce does not match");
        }
        byte[] proof = decode(clientFinal.substring(proofAt + 3));
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] clientSignature = Scram.hmac(verifier.storedKey(), authMessage);
        boolean matches = proof.length == clientSignature.length
                && Scram.constantTimeEquals(Scram.hash(Scram.xor(proof, clientSignature)), verifier.storedKey());
        if (!matches || !known) {
            return Optional.empty();
        }
        return Optional.of("v=" + Base64.getEncoder().encodeToString(Scram.hmac(verifier.serverKey(), authMessage)));
    }

    private static byte[] decode(String base64) throws ScramException {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ScramException("not valid base64");
        }
    }

    /** RFC 5802 saslname: "=2C" is ',' and "=3D" is '='; any other '=' is an error. */
    static String unescapeName(String saslName) throws ScramException {
        StringBuilder out = new StringBuilder(saslName.length());
        for (int i = 0; i < saslName.length(); i++) {
            char c = saslName.charAt(i);
            if (c != '=') {
                out.append(c);
                continue;
            }
            if (saslName.startsWith("=2C", i)) {
                out.append(',');
            } else if (saslName.startsWith("=3D", i)) {
                out.append('=');
            } else {
                throw new ScramException("the user name has a malformed escape");
            }
            i += 2;
        }
        return out.toString();
    }

    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',') {
                return false;
            }
        }
        return true;
    }
}
