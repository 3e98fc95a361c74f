package io.aquatrade.router.venue.binance;

import java.io.IOException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.knowm.xchange.binance.dto.BinanceException;
import org.knowm.xchange.binance.dto.trade.BinanceOrder;
import si.mazi.rescu.ParamsDigest;
import si.mazi.rescu.SynchronizedValueFactory;

/**
 * {@code GET /api/v3/order} by {@code origClientOrderId} alone, as a rescu interface signed like XChange's own.
 * XChange 5.2.4's {@code BinanceAuthenticated.orderStatus} declares {@code orderId} a primitive {@code long}, so it
 * always sends an {@code orderId} (0 when unknown), which Binance searches first: an order whose outcome is unknown
 * could never be found by its client order id through it.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public interface BinanceOrderQuery {
    /**
     * @return the order with that client order id (Binance error -2013 if it has none)
     * @throws BinanceException with Binance's code on an error answer
     */
    @GET
    @Path("api/v3/order")
    BinanceOrder orderByClientId(@QueryParam("symbol") String symbol,
                                 @QueryParam("origClientOrderId") String origClientOrderId,
                                 @QueryParam("recvWindow") Long recvWindow,
                                 @QueryParam("timestamp") SynchronizedValueFactory<Long> timestamp,
                                 @HeaderParam("X-MBX-APIKEY") String apiKey,
                                 @QueryParam("signature") ParamsDigest signature) throws IOException, BinanceException;
}
