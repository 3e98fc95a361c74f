package io.aquatrade.router.venue.binance;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import si.mazi.rescu.ParamsDigest;
import si.mazi.rescu.SynchronizedValueFactory;

/**
 * Binance's {@code POST /api/v3/order/cancelReplace} (cancel an order and place a new one on the same symbol in one
 * request), as a rescu interface signed like XChange's own {@code POST /api/v3/order}: form body, {@code signature}
 * in the query. XChange 5.2.4 has no binding of it.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public interface BinanceCancelReplace {
    /**
     * @param cancelReplaceMode       {@code STOP_ON_FAILURE}: the new order is not attempted if the cancel fails
     * @param cancelOrderId           Binance's id of the order to cancel, searched first
     * @param cancelOrigClientOrderId its client order id, checked against the order found
     * @param newClientOrderId        the new order's client order id
     * @return the answer of a request whose halves both succeeded: {@code {cancelResult, newOrderResult,
     * cancelResponse, newOrderResponse}}
     * @throws CancelReplaceException with Binance's code on an error answer: -2022 (400) the cancel failed, -2021
     *                                (409) the cancel succeeded and the new order failed (both with {@code data}),
     *                                any other code before either half
     */
    @POST
    @Path("api/v3/order/cancelReplace")
    JsonNode cancelReplace(@FormParam("symbol") String symbol,
                           @FormParam("side") String side,
                           @FormParam("type") String type,
                           @FormParam("cancelReplaceMode") String cancelReplaceMode,
                           @FormParam("timeInForce") String timeInForce,
                           @FormParam("quantity") BigDecimal quantity,
                           @FormParam("price") BigDecimal price,
                           @FormParam("cancelOrderId") Long cancelOrderId,
                           @FormParam("cancelOrigClientOrderId") String cancelOrigClientOrderId,
                           @FormParam("newClientOrderId") String newClientOrderId,
                           @FormParam("stopPrice") BigDecimal stopPrice,
                           @FormParam("newOrderRespType") String newOrderRespType,
                           @FormParam("recvWindow") Long recvWindow,
                           @FormParam("timestamp") SynchronizedValueFactory<Long> timestamp,
                           @HeaderParam("X-MBX-APIKEY") String apiKey,
                           @QueryParam("signature") ParamsDigest signature) throws IOException, CancelReplaceException;
}
