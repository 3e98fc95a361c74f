package io.aquatrade.router.venue.binance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import si.mazi.rescu.HttpStatusExceptionSupport;

/**
 * An error answer of {@code POST /api/v3/order/cancelReplace}: Binance's {@code code} and {@code msg} and, for -2021
 * and -2022, the {@code data} saying what became of each half ({@code cancelResult}, {@code newOrderResult}: SUCCESS,
 * FAILURE or NOT_ATTEMPTED; {@code cancelResponse}: the cancelled order or an error; {@code newOrderResponse}: the new
 * order, an error, or null). Read by rescu from the answer's body; its HTTP status is set by rescu.
 */
public final class CancelReplaceException extends HttpStatusExceptionSupport {
    private final int code;
    private final transient JsonNode data;

    /**
     * @param code Binance's error code
     * @param msg  Binance's message
     * @param data the halves' outcome, or null
     */
    @JsonCreator
    public CancelReplaceException(@JsonProperty("code") int code, @JsonProperty("msg") String msg,
                                  @JsonProperty("data") JsonNode data) {
        super(msg);
        this.code = code;
        this.data = data;
    }

    /** @return Binance's error code, e.g. -2021 */
    public int getCode() {
        return code;
    }

    /** @return the {@code data} object, or null when the answer has none */
    public JsonNode data() {
        return data;
    }
}
