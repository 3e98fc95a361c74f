package io.aquatrade.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.signal.strategy.ChopFilter;
import io.aquatrade.signal.strategy.ConfirmTimeframesFilter;
import io.aquatrade.signal.strategy.EmaCrossStrategy;
import io.aquatrade.signal.strategy.EmaTrendFilter;
import io.aquatrade.signal.strategy.MaCrossStrategy;
import io.aquatrade.signal.strategy.VwapMomentumStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignalConfigTest {
    private static final String INSTRUMENTS = """
            instruments:
              - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, sizeDecimals: 0}
              - {symbol: ETHBTC, base: ETH, quote: BTC, priceDecimals: 6, sizeDecimals: 4}
            """;

    private static SignalConfig parse(String section, String timeframeFlag) {
        return SignalConfig.from(AquatradeConfig.parse(Path.of("test.yaml"), INSTRUMENTS + section), timeframeFlag);
    }

    @Test
    void theProjectConfigFileIsValid() {
        AquatradeConfig cfg = AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        SignalConfig config = SignalConfig.from(cfg, null);
        assertThat(config.timeframeMs()).isEqualTo(300_000L);
        assertThat(config.strategies()).hasSize(1);
        StrategyConfig s = config.strategies().get(0);
        assertThat(s.id()).isEqualTo("vwap-momentum");
        assertThat(s.type()).isEqualTo("vwap-momentum");
        assertThat(s.instruments()).containsExactly("XRPETH");
        assertThat(s.factory()).isEqualTo(new VwapMomentumStrategy.Params(3, VwapMomentumStrategy.VwapSource.SESSION));
    }

    @Test
    void emptyBarsIsFlatByDefaultSkipOnRequestAndAnythingElseNamesTheField() {
        assertThat(parse("signal-generator: {timeframe: 5m}\n", null).emptyBars()).isEqualTo(EmptyBars.FLAT);
        assertThat(parse("signal-generator: {emptyBars: flat}\n", null).emptyBars()).isEqualTo(EmptyBars.FLAT);
        assertThat(parse("signal-generator: {emptyBars: skip}\n", null).emptyBars()).isEqualTo(EmptyBars.SKIP);
        assertThat(parse("signal-generator: {emptyBars: skip}\n", "1m").emptyBars()).isEqualTo(EmptyBars.SKIP);
        assertThatThrownBy(() -> parse("signal-generator: {emptyBars: fill}\n", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("signal-generator.emptyBars")
                .hasMessageContaining("flat or skip");
    }

    @Test
    void parsesEveryFieldAndTheTimeframeFlagWins() {
        SignalConfig config = parse("""
                signal-generator:
                  timeframe: 15m
                  strategies:
                    - {id: fast, type: vwap-momentum, instruments: [XRPETH, ETHBTC], bars: 2, vwap: bar}
                    - {id: slow, type: vwap-momentum, instruments: [ETHBTC]}
                """, "1m");
        assertThat(config.timeframeMs()).isEqualTo(60_000L);
        assertThat(config.strategies()).extracting(StrategyConfig::id).containsExactly("fast", "slow");
        assertThat(config.strategies().get(0).instruments()).containsExactly("XRPETH", "ETHBTC");
        assertThat(config.strategies().get(0).factory())
                .isEqualTo(new VwapMomentumStrategy.Params(2, VwapMomentumStrategy.VwapSource.BAR));
        assertThat(config.strategies().get(1).factory())
                .isEqualTo(new VwapMomentumStrategy.Params(3, VwapMomentumStrategy.VwapSource.SESSION));
        assertThat(parse("signal-generator:\n  timeframe: 15m\n", null).timeframeMs()).isEqualTo(900_000L);
    }

    @Test
    void parsesEveryStrategyTypeFilterAndTheTradeContext() {
        SignalConfig config = parse("""
                signal-generator:
                  timeframe: 5m
                  strategies:
                    - {id: vwap-momentum, type: vwap-momentum, instruments: [XRPETH], bars: 3}
                    - {id: ma-cross, type: ma-cross, instruments: [XRPETH], timeframe: 1m, period: 9, breakoutBars: 5,
                       filters: [{type: chop, bars: 20, maxCrosses: 4}, {type: ema-trend}]}
                    - {id: ema-cross, type: ema-cross, instruments: [XRPETH, ETHBTC], fast: 9, slow: 20,
                       filters: [{type: confirm-timeframes}]}
                    - {id: ma-defaults, type: ma-cross, instruments: [ETHBTC], timeframe: 15m,
                       filters: [{type: chop, minAtrBps: 2.5, sma: 12, atr: 10},
                                 {type: confirm-timeframes, timeframes: [1h, 4h], ema: 200}]}
                  tradeContext: {dir: var/trade-context, before: 40, after: 20}
                """, null);
        assertThat(config.strategies()).extracting(StrategyConfig::type)
                .containsExactly("vwap-momentum", "ma-cross", "ema-cross", "ma-cross");
        StrategyConfig ma = config.strategies().get(1);
        assertThat(ma.timeframeMs()).isEqualTo(60_000L);
        assertThat(config.timeframeOf(ma)).isEqualTo(60_000L);
        assertThat(config.timeframeOf(config.strategies().get(0))).isEqualTo(300_000L);
        assertThat(ma.factory()).isEqualTo(new MaCrossStrategy.Params(9, 5));
        assertThat(ma.filters()).containsExactly(new ChopFilter.Params(20, 4, 9, 14, 0),
                new EmaTrendFilter.Params());
        assertThat(config.strategies().get(2).factory()).isEqualTo(new EmaCrossStrategy.Params(9, 20));
        assertThat(config.strategies().get(2).filters()).containsExactly(
                new ConfirmTimeframesFilter.Params(List.of(900_000L, 1_800_000L, 3_600_000L), 20));
        assertThat(config.strategies().get(3).factory()).isEqualTo(new MaCrossStrategy.Params(9, 5));
        assertThat(config.strategies().get(3).filters()).containsExactly(new ChopFilter.Params(20, 4, 12, 10, 2.5),
                new ConfirmTimeframesFilter.Params(List.of(3_600_000L, 14_400_000L), 200));
        assertThat(config.timeframesOf("XRPETH")).containsExactly(60_000L, 300_000L, 900_000L, 1_800_000L,
                3_600_000L);
        assertThat(config.timeframesOf("ETHBTC")).containsExactly(300_000L, 900_000L, 1_800_000L, 3_600_000L,
                14_400_000L);
        assertThat(config.tradeContext()).isEqualTo(new TradeContextConfig(Path.of("var/trade-context"), 40, 20,
                TradeContextConfig.DEFAULT_HISTORY));
        // the flag changes the default timeframe only
        SignalConfig flagged = parse("signal-generator:\n  strategies: [{id: a, type: ema-cross, instruments: [XRPETH],"
                + " timeframe: 15m}, {id: b, type: ema-cross, instruments: [XRPETH]}]\n", "1m");
        assertThat(flagged.strategies()).extracting(flagged::timeframeOf).containsExactly(900_000L, 60_000L);
    }

    @Test
    void withoutASectionBarsAreFiveMinutesAndNoStrategyRuns() {
        SignalConfig config = parse("", null);
        assertThat(config).isEqualTo(SignalConfig.defaults());
        assertThat(config.timeframeMs()).isEqualTo(300_000L);
        assertThat(config.strategies()).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "timeframe: 7x | signal-generator.timeframe",
            "timeframe: 2d | signal-generator.timeframe",
            "timeframe: 0m | signal-generator.timeframe",
            "strategies: [{id: a, type: breakout, instruments: [XRPETH]}] | signal-generator.strategies[0].type",
            "strategies: [{id: a, instruments: [XRPETH]}] | signal-generator.strategies[0].type",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH], bars: 0}] | signal-generator.strategies[0].bars",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH], bars: 2.5}] | signal-generator.strategies[0].bars",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH], bars: three}] | signal-generator.strategies[0].bars",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH], vwap: daily}] | signal-generator.strategies[0].vwap",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH], lookback: 5}] | signal-generator.strategies[0].lookback",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH, BTCUSDT]}] | signal-generator.strategies[0].instruments[1]",
            "strategies: [{id: a, type: vwap-momentum, instruments: []}] | signal-generator.strategies[0].instruments",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH, XRPETH]}] | signal-generator.strategies[0].instruments[1]",
            "strategies: [{type: vwap-momentum, instruments: [XRPETH]}] | signal-generator.strategies[0].id",
            "strategies: [{id: 'a b', type: vwap-momentum, instruments: [XRPETH]}] | signal-generator.strategies[0].id",
            "strategies: [{id: a, type: vwap-momentum, instruments: [XRPETH]}, {id: a, type: vwap-momentum, instruments: [ETHBTC]}] | signal-generator.strategies[1].id",
            "timeframes: 5m | signal-generator.timeframes",
            "strategies: [{id: a, type: ma-cross, instruments: [XRPETH], breakoutBars: 4}] | signal-generator.strategies[0].breakoutBars",
            "strategies: [{id: a, type: ma-cross, instruments: [XRPETH], period: 0}] | signal-generator.strategies[0].period",
            "strategies: [{id: a, type: ma-cross, instruments: [XRPETH], fast: 3}] | signal-generator.strategies[0].fast",
            "strategies: [{id: a, type: ema-cross, instruments: [XRPETH], fast: 20, slow: 9}] | signal-generator.strategies[0].slow",
            "strategies: [{id: a, type: ema-cross, instruments: [XRPETH], timeframe: 2d}] | signal-generator.strategies[0].timeframe",
            "strategies: [{id: a, type: ema-cross, instruments: [XRPETH], timeframe: soon}] | signal-generator.strategies[0].timeframe",
            "strategies: [{id: a, type: ema-cross, instruments: [XRPETH], filters: chop}] | signal-generator.strategies[0].filters",
            "strategies: [{id: a, type: ema-cross, instruments: [XRPETH]}, {id: b, type: ma-cross, instruments: [XRPETH], filters: [{type: chop, maxCrosses: -1}]}] | signal-generator.strategies[1].filters[0].maxCrosses",
            "strategies: [{id: a, type: ma-cross, instruments: [XRPETH], filters: [{type: ema-trend}, {type: chop, bars: 1}]}] | signal-generator.strategies[0].filters[1].bars",
            "strategies: [{id: a, type: ma-cross, instruments: [XRPETH], filters: [{type: chop, minAtrBps: lots}]}] | signal-generator.strategies[0].filters[0].minAtrBps",
            "strategies: [{id: a, type: ma-cross, instruments: [XRPETH], filters: [{type: chop, window: 3}]}] | signal-generator.strategies[0].filters[0].window",
            "strategies: [{id: a, type: ma-cross, instruments: [XRPETH], filters: [{type: ema-trend, fast: 3}]}] | signal-generator.strategies[0].filters[0].fast",
            "strategies: [{id: a, type: ma-cross, instruments: [XRPETH], filters: [{type: trend}]}] | signal-generator.strategies[0].filters[0].type",
            "strategies: [{id: a, type: ma-cross, instruments: [XRPETH], filters: [ema-trend]}] | signal-generator.strategies[0].filters[0]",
            "strategies: [{id: a, type: ma-cross, instruments: [XRPETH], filters: [{type: confirm-timeframes, timeframes: []}]}] | signal-generator.strategies[0].filters[0].timeframes",
            "strategies: [{id: a, type: ma-cross, instruments: [XRPETH], filters: [{type: confirm-timeframes, timeframes: [15m, 2x]}]}] | signal-generator.strategies[0].filters[0].timeframes[1]",
            "strategies: [{id: a, type: ma-cross, instruments: [XRPETH], filters: [{type: confirm-timeframes, ema: 50}]}] | signal-generator.strategies[0].filters[0].ema",
            "tradeContext: {before: 5} | signal-generator.tradeContext.dir",
            "tradeContext: {dir: x, before: 0} | signal-generator.tradeContext.before",
            "tradeContext: {dir: x, after: many} | signal-generator.tradeContext.after",
            "tradeContext: {dir: x, before: 50, after: 25, history: 60} | signal-generator.tradeContext.history",
            "tradeContext: {dir: x, format: parquet} | signal-generator.tradeContext.format",
            "tradeContext: on | signal-generator.tradeContext"})
    void aBadValueIsAConfigExceptionNamingItsField(String line, String field) {
        assertThatThrownBy(() -> parse("signal-generator:\n  " + line + "\n", null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(field);
    }

    @Test
    void aBadTimeframeFlagNamesTheFlag() {
        assertThatThrownBy(() -> parse("", "7x"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.field()).isEqualTo("--timeframe"));
    }
}
