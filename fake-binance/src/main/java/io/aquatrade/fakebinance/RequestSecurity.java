package io.aquatrade.fakebinance;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Binance's request security as the fake checks it, for the REST endpoints and the WebSocket API alike
 * (<a href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security">request
 * security</a>): the signature is the hex HMAC-SHA256 of the signed payload with the account's secret; the
 * {@code timestamp} must lie within {@code recvWindow} (default 5000 ms, at most 60000 ms) before the server's
 * time and less than 1000 ms after it.
 */
final class RequestSecurity {
    /** Binance's default {@code recvWindow}, ms. */
    static final long DEFAULT_RECV_WINDOW_MS = 5000;
    /** Binance's largest {@code recvWindow}, ms. */
    static final long MAX_RECV_WINDOW_MS = 60_000;

    private final SecretKeySpec secret;

    /** @param secret the account's secret, the HMAC key */
    RequestSecurity(SecretKeySpec secret) {
        this.secret = secret;
    }

    /**
     * @param payload   what was signed (a query string and body, or the sorted {@code k=v&...} params)
     * @param signature the request's signature, hex (either case)
     * @throws BinanceError -1022 if it is not the payload's HMAC
     */
    void verify(String payload, String signature) {
        if (!MessageDigest.isEqual(hmac(payload).getBytes(StandardCharsets.US_ASCII),
                signature.toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
            throw BinanceError.badRequest(-1022, "Signature for this request is not valid.");
        }
    }

    /**
     * @param timestampMs the request's {@code timestamp}, UTC epoch ms
     * @param windowMs    its {@code recvWindow}, ms
     * @param serverMs    the server's time, UTC epoch ms
     * @throws BinanceError -1131 for a window over 60000 ms; -1021 for a timestamp 1000 ms or more ahead of the
     *                      server's time, or more than the window behind it
     */
    static void checkTime(long timestampMs, long windowMs, long serverMs) {
        if (windowMs > MAX_RECV_WINDOW_MS) {
            throw BinanceError.badRequest(-1131, "recvWindow must be less than 60000");
        }
        if (timestampMs >= serverMs + 1000) {
            throw BinanceError.badRequest(-1021, "Timestamp for this request was 1000ms ahead of the server's time.");
        }
        if (serverMs - timestampMs > windowMs) {
            throw BinanceError.badRequest(-1021, "Timestamp for this request is outside of the recvWindow.");
        }
    }

    private String hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
