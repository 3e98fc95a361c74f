package io.aquatrade.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.InstrumentFilters;
import io.aquatrade.router.venue.paper.PaperVenueConfig;
import org.junit.jupiter.api.Test;

class RouterConfigTest {
    private static final String XRPETH = "{symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}";
    private static final String XRPETH_WITH = XRPETH.substring(0, XRPETH.length() - 1) + ", ";

    private static final String PAPER_LINE = "takerFeeBps: 10";

    private static ConfigException failure(String yaml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> RouterConfig.from(TestConfigs.parse(yaml)));
        assertThat(t).isInstanceOf(ConfigException.class);
        return (ConfigException) t;
    }

    @Test
    void theProjectConfigMapsToExactStartingBalances() {
        RouterConfig rc = RouterConfig.from(TestConfigs.project());

        assertThat(rc.venue()).isEqualTo("paper");
        assertThat(rc.paper().takerFeeBps()).isEqualTo(10);
        assertThat(rc.paper().slippageBps()).isEqualTo(5);
        assertThat(rc.paper().balances()).containsOnlyKeys("ETH", "XRP");
        assertThat(rc.paper().balances().get("ETH")).isEqualByComparingTo("1.0");
        assertThat(rc.paper().startingBalances(TestConfigs.project()))
                .containsExactly(Map.entry("ETH", 100_000_000L), Map.entry("XRP", 0L));
    }

    @Test
    void theMatchingSettingsHaveDefaultsAndABadValueNamesItsField() {
        RouterConfig rc = RouterConfig.from(TestConfigs.project());
        assertThat(rc.paper().makerFeeBps()).isEqualTo(10);
        assertThat(rc.paper().queueModel()).isEqualTo(PaperVenueConfig.QueueModel.THROUGH);
        assertThat(rc.paper().latencyMs()).isZero();
        assertThat(PaperVenueConfig.defaults().queueModel()).isEqualTo(PaperVenueConfig.QueueModel.THROUGH);
        assertThat(RouterConfig.from(TestConfigs.parse(TestConfigs.textWith("queueModel: through",
                "queueModel: touch"))).paper().queueModel()).isEqualTo(PaperVenueConfig.QueueModel.TOUCH);

        assertThat(failure(TestConfigs.textWith("makerFeeBps: 10", "makerFeeBps: 1001")).field())
                .isEqualTo("order-router.paper.makerFeeBps");
        assertThat(failure(TestConfigs.textWith("makerFeeBps: 10", "makerFeeBps: 1.5")).field())
                .isEqualTo("order-router.paper.makerFeeBps");
        ConfigException queue = failure(TestConfigs.textWith("queueModel: through", "queueModel: front"));
        assertThat(queue.field()).isEqualTo("order-router.paper.queueModel");
        assertThat(queue).hasMessageContaining("through or touch");
        assertThat(failure(TestConfigs.textWith("latencyMs: 0", "latencyMs: -1")).field())
                .isEqualTo("order-router.paper.latencyMs");
        assertThat(failure(TestConfigs.textWith("latencyMs: 0", "latencyMs: 0.5")).field())
                .isEqualTo("order-router.paper.latencyMs");
        assertThat(PaperVenueConfig.exactFilters(TestConfigs.parse(TestConfigs.textWith(XRPETH, XRPETH_WITH
                + "filters: {tickSize: 0.00000010, minNotional: 0.001}}"))))
                .containsExactly(Map.entry("XRPETH", new InstrumentFilters.Exact(10, 0, 0, 100_000)));
        assertThat(failure(TestConfigs.textWith(XRPETH, XRPETH_WITH + "filters: {stepSize: 0.5}}")).field())
                .isEqualTo("instruments[XRPETH].filters.stepSize");
        assertThat(failure(TestConfigs.textWith(XRPETH, XRPETH_WITH + "filters: {tickSize: 0}}")).field())
                .isEqualTo("instruments[0].filters.tickSize");
        assertThat(failure(TestConfigs.textWith(XRPETH, XRPETH_WITH + "filters: {minNotional: 0.000000001}}"))
                .field()).isEqualTo("instruments[XRPETH].filters.minNotional");
        assertThat(failure(TestConfigs.textWith(XRPETH, XRPETH_WITH + "filters: {tick: 1}}")).field())
                .contains("tick");
    }

    @Test
    void aNegativeOrTooLargeFeeNamesTheField() {
        assertThat(failure(TestConfigs.textWith(PAPER_LINE, "takerFeeBps: -1")).field())
                .isEqualTo("order-router.paper.takerFeeBps");
        assertThat(failure(TestConfigs.textWith(PAPER_LINE, "takerFeeBps: 1001")).field())
                .isEqualTo("order-router.paper.takerFeeBps");
        ConfigException fractional = failure(TestConfigs.textWith("slippageBps: 5", "slippageBps: 7.5"));
        assertThat(fractional.field()).isEqualTo("order-router.paper.slippageBps");
        assertThat(fractional).hasMessageContaining("7.5");
    }

    @Test
    void onlyThePaperAndBinanceVenuesAreAccepted() {
        ConfigException e = failure(TestConfigs.textWith("venue: paper", "venue: kraken"));

        assertThat(e.field()).isEqualTo("order-router.venue");
        assertThat(e).hasMessageContaining("kraken").hasMessageContaining("paper").hasMessageContaining("binance");
    }

    @Test
    void heldBackMaxMsDefaultsBelowTheEnginesOrderTimeoutAndMustStayBelowIt() {
        RouterConfig rc = RouterConfig.from(TestConfigs.parse(TestConfigs.textWith("venue: paper", "venue: binance")));
        assertThat(rc.binance().heldBackMaxMs()).isEqualTo(20_000); // the project's orderTimeoutMs is 30000
        RouterConfig set = RouterConfig.from(TestConfigs.parse(TestConfigs.textWith("venue: paper",
                "venue: binance\n  binance: {heldBackMaxMs: 29999}")));
        assertThat(set.binance().heldBackMaxMs()).isEqualTo(29_999);

        ConfigException atTimeout = failure(TestConfigs.textWith("venue: paper",
                "venue: binance\n  binance: {heldBackMaxMs: 30000}"));
        assertThat(atTimeout.field()).isEqualTo("order-router.binance.heldBackMaxMs");
        assertThat(atTimeout).hasMessageContaining("decision-engine.orderTimeoutMs (30000 ms");
        // a shorter engine timeout pulls the bound down with it
        assertThat(failure(TestConfigs.textWith("venue: paper", "venue: binance")
                .replace("orderTimeoutMs: 30000", "orderTimeoutMs: 15000")).field())
                .isEqualTo("order-router.binance.heldBackMaxMs");
        assertThat(failure(TestConfigs.textWith("venue: paper", "venue: binance\n  binance: {heldBackMaxMs: 0}"))
                .field()).isEqualTo("order-router.binance.heldBackMaxMs");
        // the paper venue holds nothing back: no bound to check
        assertThat(RouterConfig.from(TestConfigs.parse(TestConfigs.text().replace("orderTimeoutMs: 30000",
                "orderTimeoutMs: 15000"))).venue()).isEqualTo("paper");
    }

    @Test
    void theBinanceSectionHasBinancesDefaultsTheTestnetAndNamesABadField() {
        RouterConfig rc = RouterConfig.from(TestConfigs.parse(TestConfigs.textWith("venue: paper", "venue: binance")));
        assertThat(rc.venue()).isEqualTo("binance");
        assertThat(rc.binance().baseUrl()).isEqualTo("https://api.binance.com");
        assertThat(rc.binance().recvWindowMs()).isEqualTo(5000);
        assertThat(rc.binance().pollIntervalMs()).isEqualTo(1000);
        assertThat(rc.binance().keyFile()).isNull();
        assertThat(rc.binance().reconcileIntervalS()).isEqualTo(60);
        assertThat(rc.binance().reconcileToleranceSteps()).isEqualTo(1);
        RouterConfig reconcile = RouterConfig.from(TestConfigs.parse(TestConfigs.textWith("venue: paper",
                "venue: binance\n  binance: {reconcileIntervalS: 5, reconcileToleranceSteps: 0}")));
        assertThat(reconcile.binance().reconcileIntervalS()).isEqualTo(5);
        assertThat(reconcile.binance().reconcileToleranceSteps()).isZero();
        assertThat(failure(TestConfigs.textWith("venue: paper", "venue: binance\n  binance: {reconcileIntervalS: 0}"))
                .field()).isEqualTo("order-router.binance.reconcileIntervalS");
        assertThat(failure(TestConfigs.textWith("venue: paper",
                "venue: binance\n  binance: {reconcileToleranceSteps: -1}")).field())
                .isEqualTo("order-router.binance.reconcileToleranceSteps");

        RouterConfig testnet = RouterConfig.from(TestConfigs.parse(TestConfigs.textWith("venue: paper",
                "venue: binance\n  binance: {testnet: true, recvWindowMs: 10000, pollIntervalMs: 250}")));
        assertThat(testnet.binance().baseUrl()).isEqualTo("https://testnet.binance.vision");
        assertThat(testnet.binance().testnet()).isTrue();
        assertThat(testnet.binance().recvWindowMs()).isEqualTo(10000);
        assertThat(testnet.binance().pollIntervalMs()).isEqualTo(250);

        assertThat(failure(TestConfigs.textWith("venue: paper", "venue: binance\n  binance: {recvWindowMs: 60001}"))
                .field()).isEqualTo("order-router.binance.recvWindowMs");
        assertThat(failure(TestConfigs.textWith("venue: paper", "venue: binance\n  binance: {pollIntervalMs: 0.5}"))
                .field()).isEqualTo("order-router.binance.pollIntervalMs");
        assertThat(failure(TestConfigs.textWith("venue: paper",
                "venue: binance\n  binance: {testnet: true, baseUrl: \"http://127.0.0.1:1\"}")).field())
                .isEqualTo("order-router.binance.baseUrl");
        assertThat(failure(TestConfigs.textWith("venue: paper", "venue: binance\n  binance: {baseUrl: ftp://x}"))
                .field()).isEqualTo("order-router.binance.baseUrl");
    }

    @Test
    void theBinanceUserStreamKeysHaveDefaultsPerNetworkAndNameABadField() {
        RouterConfig rc = RouterConfig.from(TestConfigs.parse(TestConfigs.textWith("venue: paper", "venue: binance")));
        assertThat(rc.binance().wsApiUrl()).isEqualTo("wss://ws-api.binance.com:443/ws-api/v3");
        assertThat(rc.binance().safetyPollMs()).isEqualTo(30000);
        assertThat(rc.binance().streamSilenceMs()).isEqualTo(10000);
        RouterConfig testnet = RouterConfig.from(TestConfigs.parse(TestConfigs.textWith("venue: paper",
                "venue: binance\n  binance: {testnet: true}")));
        assertThat(testnet.binance().wsApiUrl()).isEqualTo("wss://ws-api.testnet.binance.vision/ws-api/v3");
        RouterConfig local = RouterConfig.from(TestConfigs.parse(TestConfigs.textWith("venue: paper",
                "venue: binance\n  binance: {wsApiUrl: \"ws://127.0.0.1:8090/ws-api/v3\", safetyPollMs: 60000, "
                        + "streamSilenceMs: 5000}")));
        assertThat(local.binance().wsApiUrl()).isEqualTo("ws://127.0.0.1:8090/ws-api/v3");
        assertThat(local.binance().safetyPollMs()).isEqualTo(60000);
        assertThat(local.binance().streamSilenceMs()).isEqualTo(5000);
        RouterConfig none = RouterConfig.from(TestConfigs.parse(TestConfigs.textWith("venue: paper",
                "venue: binance\n  binance: {wsApiUrl: none}")));
        assertThat(none.binance().wsApiUrl()).isNull();

        assertThat(failure(TestConfigs.textWith("venue: paper",
                "venue: binance\n  binance: {wsApiUrl: \"https://ws-api.binance.com\"}")).field())
                .isEqualTo("order-router.binance.wsApiUrl");
        assertThat(failure(TestConfigs.textWith("venue: paper", "venue: binance\n  binance: {safetyPollMs: 0}"))
                .field()).isEqualTo("order-router.binance.safetyPollMs");
        assertThat(failure(TestConfigs.textWith("venue: paper",
                "venue: binance\n  binance: {streamSilenceMs: 3600001}")).field())
                .isEqualTo("order-router.binance.streamSilenceMs");
    }

    @Test
    void badStartingBalancesNameTheAsset() {
        assertThat(failure(TestConfigs.textWith("{ETH: 1.0, XRP: 0}", "{ETH: -1, XRP: 0}")).field())
                .isEqualTo("order-router.paper.balances.ETH");
        ConfigException tooPrecise = failure(TestConfigs.textWith("{ETH: 1.0, XRP: 0}",
                "{ETH: 0.000000001, XRP: 0}"));
        assertThat(tooPrecise.field()).isEqualTo("order-router.paper.balances.ETH");
        assertThat(tooPrecise).hasMessageContaining("8 decimals");
        assertThat(failure(TestConfigs.textWith("{ETH: 1.0, XRP: 0}", "{ETH: 1.0, BTC: 2}")).field())
                .isEqualTo("order-router.paper.balances.BTC");
    }

    @Test
    void unknownKeysAndAMissingSectionAreErrors() {
        assertThat(failure(TestConfigs.textWith(PAPER_LINE, "takerFeeBps: 10\n    rebateBps: 2")).field())
                .isEqualTo("order-router.paper.rebateBps");
        String withoutSection = TestConfigs.text().substring(0, TestConfigs.text().indexOf("order-router:"));
        assertThat(failure(withoutSection).field()).isEqualTo("order-router");
    }

    @Test
    void shortsAreOffByDefaultAndNeedAnExactPositiveLimit() {
        RouterConfig spot = RouterConfig.from(TestConfigs.project());
        assertThat(spot.paper().allowShort()).isFalse();
        assertThat(spot.paper().maxShortNotional()).isNull();
        assertThat(spot.paper().maxShortNotional(TestConfigs.project(), "ETH")).isZero();

        AquatradeConfig margin = TestConfigs.parse(TestConfigs.textWith(PAPER_LINE,
                "takerFeeBps: 10\n    allowShort: true\n    maxShortNotional: 0.5"));
        RouterConfig rc = RouterConfig.from(margin);
        assertThat(rc.paper().allowShort()).isTrue();
        assertThat(rc.paper().maxShortNotional(margin, "ETH")).isEqualTo(50_000_000L);

        assertThat(failure(TestConfigs.textWith(PAPER_LINE, "takerFeeBps: 10\n    allowShort: true")).field())
                .isEqualTo("order-router.paper.maxShortNotional");
        assertThat(failure(TestConfigs.textWith(PAPER_LINE,
                "takerFeeBps: 10\n    allowShort: true\n    maxShortNotional: 0")).field())
                .isEqualTo("order-router.paper.maxShortNotional");
        ConfigException tooPrecise = failure(TestConfigs.textWith(PAPER_LINE,
                "takerFeeBps: 10\n    allowShort: true\n    maxShortNotional: 0.000000001"));
        assertThat(tooPrecise.field()).isEqualTo("order-router.paper.maxShortNotional");
        assertThat(tooPrecise).hasMessageContaining("8 decimals");
        assertThat(failure(TestConfigs.textWith(PAPER_LINE,
                "takerFeeBps: 10\n    maxShortNotional: -1")).field())
                .isEqualTo("order-router.paper.maxShortNotional");
        assertThat(failure(TestConfigs.textWith(PAPER_LINE, "takerFeeBps: 10\n    allowShort: perhaps")).field())
                .isEqualTo("order-router.paper.allowShort");
        // a limit given while shorts are off is accepted and has no effect
        AquatradeConfig off = TestConfigs.parse(TestConfigs.textWith(PAPER_LINE,
                "takerFeeBps: 10\n    maxShortNotional: 0.5"));
        assertThat(RouterConfig.from(off).paper().maxShortNotional(off, "ETH")).isZero();
    }

    @Test
    void missingPaperValuesTakeTheDefaults() {
        PaperVenueConfig defaults = PaperVenueConfig.defaults();
        assertThat(defaults.takerFeeBps()).isEqualTo(10);
        assertThat(defaults.slippageBps()).isEqualTo(5);
        assertThat(defaults.balances()).isEmpty();
        PaperVenueConfig onlyBalances = PaperVenueConfig.of(null, null, Map.of("ETH", new BigDecimal("2")));
        assertThat(onlyBalances.takerFeeBps()).isEqualTo(10);
        assertThatThrownBy(() -> PaperVenueConfig.of(BigDecimal.valueOf(-1), null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("order-router.paper.takerFeeBps");
    }
}
