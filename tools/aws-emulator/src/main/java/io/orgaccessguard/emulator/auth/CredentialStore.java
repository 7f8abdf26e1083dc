package io.orgaccessguard.emulator.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every access key the emulator knows: one deterministic long-term key per account (its admin user) and the temporary
 * keys issued since start. An access key belongs to exactly one account. Lookups are hash-map reads, so 10,000
 * accounts cost nothing per request.
 */
public final class CredentialStore {

    /** The admin user every seeded account has. */
    public static final String ADMIN_USER = "emulator-admin";

    public record LongTermKey(String accessKeyId, String secretAccessKey, Principal principal) {
    }

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final long seed;
    private final ConcurrentHashMap<String, LongTermKey> longTermByKeyId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongTermKey> longTermByAccount = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, IssuedSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();

    public CredentialStore(long seed) {
        this.seed = seed;
    }

    /** Creates the admin user's key pair of an account; the same seed and account always give the same keys. */
    public LongTermKey registerAccount(String partition, String accountId) {
        byte[] digest = sha256("access-key|" + seed + "|" + accountId);
        String keyId = "AKIA" + base32(digest, 16);
        String secret = Base64.getEncoder().encodeToString(sha256("secret|" + seed + "|" + accountId))
                .substring(0, 40);
        String userId = "AIDA" + base32(sha256("user-id|" + seed + "|" + accountId), 17);
        var key = new LongTermKey(keyId, secret, Principal.user(partition, accountId, ADMIN_USER, userId));
        if (longTermByKeyId.putIfAbsent(keyId, key) != null) {
            throw new IllegalStateException("Access key collision for account " + accountId);
        }
        longTermByAccount.put(accountId, key);
        return key;
    }

    public Optional<LongTermKey> longTermKey(String accessKeyId) {
        return Optional.ofNullable(longTermByKeyId.get(accessKeyId));
    }

    public Optional<LongTermKey> adminKey(String accountId) {
        return Optional.ofNullable(longTermByAccount.get(accountId));
    }

    public Optional<IssuedSession> session(String accessKeyId) {
        return Optional.ofNullable(sessions.get(accessKeyId));
    }

    /** Issues temporary credentials for a role session, as AssumeRole does. */
    public IssuedSession issue(Principal principal, Instant now, Duration duration) {
        long n = issued.incrementAndGet();
        byte[] keyDigest = sha256("session-key|" + seed + "|" + n);
        String keyId = "ASIA" + base32(keyDigest, 16);
        String secret = Base64.getEncoder().encodeToString(sha256("session-secret|" + seed + "|" + n)).substring(0, 40);
        var token = new StringBuilder("FwoGZXIvYXdzE");
        for (int i = 0; i < 6; i++) {
            token.append(Base64.getEncoder().encodeToString(sha256("session-token|" + seed + "|" + n + "|" + i)));
        }
        var session = new IssuedSession(keyId, secret, token.toString(), now.plus(duration), principal);
        sessions.put(keyId, session);
        return session;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Upper-case base32 characters from a digest, the alphabet AWS key IDs use. */
    public static String base32(byte[] digest, int length) {
        var sb = new StringBuilder(length);
        long acc = 0;
        int bits = 0;
        int index = 0;
        while (sb.length() < length) {
            if (bits < 5) {
                acc = (acc << 8) | (digest[index++ % digest.length] & 0xFF);
                bits += 8;
            }
            sb.append(BASE32[(int) ((acc >> (bits - 5)) & 31)]);
            bits -= 5;
        }
        return sb.toString();
    }
}
