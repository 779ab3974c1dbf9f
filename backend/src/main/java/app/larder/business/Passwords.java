package app.larder.business;

import app.larder.platform.RuleViolation;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The password rules and hashing (bcrypt, through a delegating encoder so the algorithm can change later).
 * bcrypt reads at most 72 bytes, so longer passwords are refused rather than silently cut.
 */
@Component
public class Passwords {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_BYTES = 72;
    private static final String READABLE = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PasswordEncoder encoder;

    Passwords(PasswordEncoder encoder) {
        this.encoder = encoder;
    }

    public void checkPolicy(String field, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new RuleViolation(field, "password.tooShort", MIN_LENGTH);
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new RuleViolation(field, "password.tooLong", MAX_BYTES);
        }
    }

    String hash(String password) {
        return encoder.encode(password);
    }

    boolean matches(String password, String hash) {
        return password != null && encoder.matches(password, hash);
    }

    /** A temporary password for an invited user: 14 characters without look-alikes (no 0/O, 1/l/I). */
    String temporary() {
        StringBuilder sb = new StringBuilder(14);
        for (int i = 0; i < 14; i++) {
            sb.append(READABLE.charAt(RANDOM.nextInt(READABLE.length())));
        }
        return sb.toString();
    }
}
