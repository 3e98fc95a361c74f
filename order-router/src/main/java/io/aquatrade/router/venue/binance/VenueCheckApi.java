package io.aquatrade.router.venue.binance;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.knowm.xchange.binance.dto.BinanceException;
import si.mazi.rescu.ParamsDigest;
import si.mazi.rescu.SynchronizedValueFactory;

/**
 * The read-only Binance spot REST calls of {@link VenueCheck} whose whole answer it reads, as a rescu interface
 * signed like XChange's own ({@code BinanceHmacDigest}). XChange 5.2.4's DTOs drop fields the check needs
 * ({@code commissionRates} and {@code accountType} of the account; {@code PERCENT_PRICE_BY_SIDE}'s multipliers,
 * {@code permissionSets} of exchangeInfo) and it has no {@code avgPrice}: these answers come as JSON trees.
 * Field names are Binance's (rest-api.md: "Exchange information", "Current average price", "Account information").
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public interface VenueCheckApi {
    /**
     * {@code GET /api/v3/exchangeInfo} (weight 20): every symbol, its status, order types and filters.
     *
     * @throws BinanceException with Binance's code on an error answer
     */
    @GET
    @Path("api/v3/exchangeInfo")
    JsonNode exchangeInfo() throws IOException, BinanceException;

    /**
     * {@code GET /api/v3/avgPrice} (weight 2): {@code {"mins", "price", "closeTime"}}, the reference price of the
     * PERCENT_PRICE and NOTIONAL filters.
     *
     * @throws BinanceException -1121 for a symbol Binance does not list
     */
    @GET
    @Path("api/v3/avgPrice")
    JsonNode avgPrice(@QueryParam("symbol") String symbol) throws IOException, BinanceException;

    /**
     * {@code GET /api/v3/account} (signed, weight 20): permissions, commission rates and balances.
     *
     * @throws BinanceException -1022 (signature), -2014 / -2015 (key), -1021 (timestamp) and others
     */
    @GET
    @Path("api/v3/account")
    JsonNode account(@QueryParam("recvWindow") Long recvWindow,
                     @QueryParam("timestamp") SynchronizedValueFactory<Long> timestamp,
                     @HeaderParam("X-MBX-APIKEY") String apiKey,
                     @QueryParam("signature") ParamsDigest signature) throws IOException, BinanceException;
}
