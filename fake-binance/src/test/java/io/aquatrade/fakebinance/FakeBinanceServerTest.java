package io.aquatrade.fakebinance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What fake-binance writes to its log about a request that failed inside it: never the request's signature (an
 * HMAC of the client's secret). The signed request is the example of Binance's spot API documentation
 * (binance-spot-api-docs, rest-api.md "SIGNED Endpoint Examples for POST /api/v3/order", HMAC key
 * {@code NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j}).
 */
class FakeBinanceServerTest {
    private static final String QUERY = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
            + "&recvWindow=5000&timestamp=1499827319559";
    private static final String SIGNATURE = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";

    @Test
    void aSignatureAtTheEndOfTheQueryIsMasked() {
        assertThat(FakeBinanceServer.withoutSignature("/api/v3/order?" + QUERY + "&signature=" + SIGNATURE))
                .isEqualTo("/api/v3/order?" + QUERY + "&signature=***");
    }

    @Test
    void aSignatureFirstOrInTheMiddleIsMaskedAndTheRestKept() {
        assertThat(FakeBinanceServer.withoutSignature("/api/v3/order?signature=" + SIGNATURE + "&" + QUERY))
                .isEqualTo("/api/v3/order?signature=***&" + QUERY);
        assertThat(FakeBinanceServer.withoutSignature("/api/v3/openOrders?symbol=LTCBTC&signature=" + SIGNATURE
                + "&timestamp=1499827319559")).isEqualTo("/api/v3/openOrders?symbol=LTCBTC&signature=***"
                + "&timestamp=1499827319559");
    }

    @Test
    void aRequestWithoutSignatureIsLoggedAsItCame() {
        assertThat(FakeBinanceServer.withoutSignature("/api/v3/depth?symbol=LTCBTC&limit=5"))
                .isEqualTo("/api/v3/depth?symbol=LTCBTC&limit=5");
        assertThat(FakeBinanceServer.withoutSignature("/api/v3/exchangeInfo")).isEqualTo("/api/v3/exchangeInfo");
        assertThat(FakeBinanceServer.withoutSignature("/x?notasignature=abc")).isEqualTo("/x?notasignature=abc");
    }
}
