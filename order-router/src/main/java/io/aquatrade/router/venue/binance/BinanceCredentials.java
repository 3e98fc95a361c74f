package io.aquatrade.router.venue.binance;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.aquatrade.common.ConfigException;

/**
 * A Binance API key and its HMAC secret. Neither is ever logged: {@link #toString()} shows neither, and no error
 * message of this class quotes a value read from the key file or the environment.
 *
 * <p>Sources, the first that is set: the key file {@code order-router.binance.keyFile} (a properties file with
 * {@code apiKey=...} and {@code apiSecret=...}; mode 0600 or narrower, else start-up is refused naming the file),
 * then the environment variables {@value #ENV_KEY} and {@value #ENV_SECRET}.
 */
public final class BinanceCredentials {
    /** Environment variable of the API key. */
    public static final String ENV_KEY = "AQUATRADE_BINANCE_API_KEY";
    /** Environment variable of the API secret. */
    public static final String ENV_SECRET = "AQUATRADE_BINANCE_API_SECRET";
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final String apiKey;
    private final String apiSecret;

    private BinanceCredentials(String apiKey, String apiSecret) {
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
    }

    /** @return the API key (sent in the {@code X-MBX-APIKEY} header; never log it) */
    public String apiKey() {
        return apiKey;
    }

    /** @return the HMAC secret (never log it) */
    public String apiSecret() {
        return apiSecret;
    }

    /**
     * Reads the key and secret.
     *
     * @param config the section, whose {@code keyFile} is read if set
     * @param env    the process environment (System.getenv() in a process)
     * @return the credentials
     * @throws ConfigException naming {@code order-router.binance.keyFile} if the file is missing, unreadable, wider
     *                         than mode 0600 or lacks a value; naming the environment variables if neither is set
     */
    public static BinanceCredentials load(BinanceVenueConfig config, Map<String, String> env) {
        String field = BinanceVenueConfig.PATH + ".keyFile";
        if (config.keyFile() != null) {
            Path file = Path.of(config.keyFile());
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(field, "a readable key file, but " + file + " does not exist");
            }
            try {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(mode)) {
                    throw new ConfigException(field, "a key file of mode 0600 (owner read/write only), but " + file
                            + " has mode " + PosixFilePermissions.toString(mode) + ": chmod 600 " + file);
                }
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                return of(p.getProperty("apiKey"), p.getProperty("apiSecret"), field, "apiKey= and apiSecret= in "
                        + file);
            } catch (IOException | UnsupportedOperationException e) {
                throw new ConfigException(field, "a readable key file with POSIX permissions, but " + file
                        + " could not be read (" + e.getClass().getSimpleName() + ")");
            }
        }
        return of(env.get(ENV_KEY), env.get(ENV_SECRET), ENV_KEY + "/" + ENV_SECRET,
                "both environment variables set, or order-router.binance.keyFile");
    }

    private static BinanceCredentials of(String key, String secret, String field, String expected) {
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            throw new ConfigException(field, expected);
        }
        return new BinanceCredentials(key.strip(), secret.strip());
    }

    @Override
    public String toString() {
        return "BinanceCredentials[redacted]";
    }
}
