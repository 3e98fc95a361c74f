package io.aquatrade.fakebinance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request refused the way Binance refuses it: an HTTP status and a body {@code {"code":C,"msg":M}}, with
 * Binance's own codes and messages (e.g. -1022 for a bad signature, -2010 for a refused new order).
 */
public final class BinanceError extends RuntimeException {
    private final int httpStatus;
    private final int code;
    /** Binance's {@code data} beside code and msg (a cancel-replace's halves), or null. */
    private final JsonNode data;

    /**
     * @param httpStatus the HTTP status (400 for most, 401 for API-key errors)
     * @param code       Binance's error code, negative
     * @param msg        Binance's message
     */
    public BinanceError(int httpStatus, int code, String msg) {
        this(httpStatus, code, msg, null);
    }

    /**
     * @param httpStatus the HTTP status (400, or 409 for a cancel-replace that half succeeded)
     * @param code       Binance's error code, negative
     * @param msg        Binance's message
     * @param data       the body's {@code data} object, or null for none
     */
    public BinanceError(int httpStatus, int code, String msg, JsonNode data) {
        super(msg, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
        this.data = data;
    }

    /** @return the body's {@code data} object, or null */
    public JsonNode data() {
        return data;
    }

    /** @return a 400 with the given code and message */
    static BinanceError badRequest(int code, String msg) {
        return new BinanceError(400, code, msg);
    }

    /** @return Binance's -1102 for a missing or malformed mandatory parameter */
    static BinanceError mandatory(String param) {
        return badRequest(-1102, "Mandatory parameter '" + param + "' was not sent, was empty/null, or malformed.");
    }

    /** @return the HTTP status */
    public int httpStatus() {
        return httpStatus;
    }

    /** @return Binance's error code */
    public int code() {
        return code;
    }
}
