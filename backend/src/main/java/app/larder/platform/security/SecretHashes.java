package app.larder.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes of random secrets (API tokens, device tokens, pairing codes). SHA-256 rather than a slow password hash:
 * the secrets are random and long enough that guessing is the attack, not cracking, and every call checks one.
 */
public final class SecretHashes {

    private SecretHashes() {
    }

    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
