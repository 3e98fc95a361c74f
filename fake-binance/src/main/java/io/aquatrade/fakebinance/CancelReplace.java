package io.aquatrade.fakebinance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The answers of {@code POST /api/v3/order/cancelReplace}, as Binance's REST API documents them
 * (<a href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints">Cancel an Existing
 * Order and Send a New Order</a>; errors -2021 and -2022 in its errors.md), for an account within its unfilled order
 * count:
 * <ul>
 *   <li>both halves succeeded: 200 {@code {cancelResult: SUCCESS, newOrderResult: SUCCESS, cancelResponse,
 *       newOrderResponse}};</li>
 *   <li>the cancel failed with {@code STOP_ON_FAILURE}: 400 {@code {code: -2022, msg: "Order cancel-replace
 *       failed.", data: {cancelResult: FAILURE, newOrderResult: NOT_ATTEMPTED, cancelResponse: {code, msg},
 *       newOrderResponse: null}}};</li>
 *   <li>the cancel succeeded and the new order failed: 409 {@code {code: -2021, msg: "Order cancel-replace partially
 *       failed.", data: {cancelResult: SUCCESS, newOrderResult: FAILURE, cancelResponse: <the cancelled order>,
 *       newOrderResponse: {code, msg}}}};</li>
 *   <li>with {@code ALLOW_FAILURE}: a failed cancel and a placed order 409 -2021, both failed 400 -2022.</li>
 * </ul>
 * A request refused before either half (a parameter, a filter) is an ordinary error ({@code {code, msg}}).
 */
final class CancelReplace {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CancelReplace() {
    }

    /**
     * @param r        what the exchange did
     * @param respType the request's {@code newOrderRespType}, or null for the type's default
     * @return the 200 answer's body
     * @throws BinanceError -2022 (400) or -2021 (409) with Binance's {@code data} when a half failed
     */
    static String answer(FakeExchange.CancelReplaced r, String respType) {
        ObjectNode data = JSON.createObjectNode()
                .put("cancelResult", r.canceled() != null ? "SUCCESS" : "FAILURE")
                .put("newOrderResult", r.placed() != null ? "SUCCESS"
                        : r.newOrderError() != null ? "FAILURE" : "NOT_ATTEMPTED");
        if (r.canceled() != null) {
            FakeOrder o = r.canceled();
            data.set("cancelResponse", FakeBinanceServer.orderJson(o).put("origClientOrderId", o.clientOrderId)
                    .put("clientOrderId", "cancel" + o.orderId).put("transactTime", o.updateTimeMs));
        } else {
            data.set("cancelResponse", error(r.cancelError()));
        }
        if (r.placed() != null) {
            data.set("newOrderResponse", FakeBinanceServer.placedJson(r.placed(), respType));
        } else if (r.newOrderError() != null) {
            data.set("newOrderResponse", error(r.newOrderError()));
        } else {
            data.putNull("newOrderResponse");
        }
        if (r.canceled() != null && r.placed() != null) {
            return data.toString();
        }
        if (r.canceled() == null && r.placed() == null) {
            throw new BinanceError(400, -2022, "Order cancel-replace failed.", data);
        }
        throw new BinanceError(409, -2021, "Order cancel-replace partially failed.", data);
    }

    private static ObjectNode error(BinanceError e) {
        return JSON.createObjectNode().put("code", e.code()).put("msg", e.getMessage());
    }
}
