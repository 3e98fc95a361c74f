package io.aquatrade.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Instrument;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.Side;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The books and statistics: on a few fills checked by hand (the first two round trips of the sample backtest, at
 * 10 bps taker fee), and on the whole sample backtest recomputed independently from its fills.
 */
class BacktestStatsTest {
    private static final Instrument XRPETH = new Instrument("XRPETH", "XRP", "ETH", 8, 0);

    private static AquatradeConfig config;
    private static BacktestReport report;

    @BeforeAll
    static void runTheSample() {
        config = AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        MarketHistory history = MarketHistory.load(config, List.of(
                new MarketHistory.Input(SampleData.file("XRP_ETH-trades.json.gz"), null, null)));
        report = Backtest.run(config, history, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static OrderFilled fill(Side side, String price, long quantity, String notional, String fee, long t) {
        return new OrderFilled().clientOrderId("s-" + t).tradeId("t-" + t).strategyId("s").instrument("XRPETH")
                .side(side).fillPrice(FixedPoint.parse(price, 8)).fillQuantity(quantity)
                .quoteQuantity(FixedPoint.parse(notional, 8)).fee(FixedPoint.parse(fee, 8)).feeAsset("ETH")
                .cumulativeQuantity(quantity).leavesQuantity(0)
                .liquiditySide(LiquiditySide.TAKER).last(true).eventTimeNs(t);
    }

    @Test
    void aRoundTripsPnlIsWhatCameInLessWhatWentOutFeesIncluded() {
        StrategyBook book = new StrategyBook("s", XRPETH, 0, 8, 8, FixedPoint.parse("1.0", 8));
        List<RoundTrip> trips = new ArrayList<>();
        // buy 353 XRP at 0.00141683: notional 353 x 0.00141683 = 0.50014099, fee 10 bps rounded up 0.00050015
        assertThat(book.onFill(fill(Side.BUY, "0.00141683", 353, "0.50014099", "0.00050015", 1_000), trips))
                .isEqualTo(1);
        // marked at 0.00141500 the position is worth 0.49949500: equity 1 - 0.50064114 + 0.49949500
        assertThat(book.pnl(FixedPoint.parse("0.00141500", 8))).isEqualTo(FixedPoint.parse("-0.00114614", 8));
        // sell 353 at 0.00141471: notional 0.49939263, fee 0.00049940
        assertThat(book.onFill(fill(Side.SELL, "0.00141471", 353, "0.49939263", "0.00049940", 11_000), trips))
                .isEqualTo(-1);
        // pnl = (0.49939263 - 0.00049940) - (0.50014099 + 0.00050015) = -0.00174791
        assertThat(trips).hasSize(1);
        RoundTrip r = trips.get(0);
        assertThat(r.pnl()).isEqualByComparingTo("-0.00174791");
        assertThat(r.fees()).isEqualByComparingTo("0.00099955");
        assertThat(r.entryPrice()).isEqualByComparingTo("0.00141683");
        assertThat(r.exitPrice()).isEqualByComparingTo("0.00141471");
        assertThat(r.quantity()).isEqualByComparingTo("353");
        assertThat(r.side()).isEqualTo(Side.BUY);
        assertThat(r.entryTimeNs()).isEqualTo(1_000);
        assertThat(r.exitTimeNs()).isEqualTo(11_000);
        assertThat(book.inMarketNs(50_000)).isEqualTo(10_000);
        assertThat(book.fees).isEqualTo(FixedPoint.parse("0.00099955", 8));
    }

    @Test
    void aBaseFeeLeavesDustOutOfThePositionAndCountsAtItsFillPrice() {
        StrategyBook book = new StrategyBook("s", XRPETH, 0, 8, 8, FixedPoint.parse("1.0", 8));
        List<RoundTrip> trips = new ArrayList<>();
        // buy 353 XRP at 0.00141683 for 0.50014099 ETH, the 10 bps fee in XRP: 0.353 XRP, 352.647 held: 352 whole
        OrderFilled buy = fill(Side.BUY, "0.00141683", 353, "0.50014099", "0", 1_000)
                .fee(FixedPoint.parse("0.353", 8)).feeAsset("XRP");
        assertThat(book.onFill(buy, trips)).isEqualTo(1);
        assertThat(book.position.quantity()).isEqualTo(352);
        assertThat(book.position.costBasis()).isEqualTo(FixedPoint.parse("0.50014099", 8));
        // the fee valued at the fill price: 0.353 x 0.00141683 = 0.00050014099, rounded up
        assertThat(book.fees).isEqualTo(FixedPoint.parse("0.00050015", 8));
        // marked at 0.00141500: 352 x 0.00141500 = 0.49808000, less the cost 0.50014099
        assertThat(book.unrealizedPnl(FixedPoint.parse("0.00141500", 8))).isEqualTo(FixedPoint.parse("-0.00206099", 8));
        // sell the 352 at 0.00141471: 0.49797792 ETH, the fee in the ETH received: 0.00049798
        assertThat(book.onFill(fill(Side.SELL, "0.00141471", 352, "0.49797792", "0.00049798", 11_000), trips))
                .isEqualTo(-1);
        assertThat(trips).hasSize(1);
        RoundTrip r = trips.get(0);
        // (0.49797792 - 0.00049798) - 0.50014099: the dust's cost is part of the loss
        assertThat(r.pnl()).isEqualByComparingTo("-0.00266105");
        assertThat(r.quantity()).isEqualByComparingTo("352");
        assertThat(r.entryPrice()).isEqualByComparingTo("0.00141683");
        assertThat(r.fees()).isEqualByComparingTo("0.00099813");
        assertThat(book.fees).isEqualTo(FixedPoint.parse("0.00099813", 8));
    }

    @Test
    void scalingInAndOutIsOneRoundTripAtAveragePrices() {
        StrategyBook book = new StrategyBook("s", XRPETH, 0, 8, 8, FixedPoint.parse("1.0", 8));
        List<RoundTrip> trips = new ArrayList<>();
        book.onFill(fill(Side.BUY, "0.00100000", 100, "0.10000000", "0.00010000", 1), trips);
        book.onFill(fill(Side.BUY, "0.00200000", 100, "0.20000000", "0.00020000", 2), trips);
        book.onFill(fill(Side.SELL, "0.00300000", 50, "0.15000000", "0.00015000", 3), trips);
        assertThat(trips).isEmpty();
        book.onFill(fill(Side.SELL, "0.00100000", 150, "0.15000000", "0.00015000", 4), trips);
        assertThat(trips).hasSize(1);
        RoundTrip r = trips.get(0);
        assertThat(r.entryPrice()).isEqualByComparingTo("0.0015"); // (0.1 + 0.2) / 200
        assertThat(r.exitPrice()).isEqualByComparingTo("0.0015"); // (0.15 + 0.15) / 200
        assertThat(r.quantity()).isEqualByComparingTo("200");
        // paid 0.10010 + 0.20020 = 0.30030, received 0.14985 + 0.14985 = 0.29970: -0.00060
        assertThat(r.pnl()).isEqualByComparingTo("-0.00060000");
        assertThat(r.fees()).isEqualByComparingTo("0.00060000");
    }

    @Test
    void theSamplesStatisticsEqualAnIndependentRecomputationFromItsFills() {
        List<OrderFilled> fills = report.fills();
        assertThat(fills).hasSizeGreaterThan(10);
        long cash = 0;
        long fees = 0;
        long position = 0;
        long entryCash = 0;
        List<Long> tripPnl = new ArrayList<>();
        long inMarketNs = 0;
        long openedNs = 0;
        for (OrderFilled f : fills) {
            long flow = f.side() == Side.BUY ? -(f.quoteQuantity() + f.fee()) : f.quoteQuantity() - f.fee();
            cash += flow;
            fees += f.fee();
            if (position == 0) {
                entryCash = 0;
                openedNs = f.eventTimeNs();
            }
            entryCash += flow;
            position += f.side() == Side.BUY ? f.fillQuantity() : -f.fillQuantity();
            if (position == 0) {
                tripPnl.add(entryCash);
                inMarketNs += f.eventTimeNs() - openedNs;
            }
        }
        assertThat(position).as("the sample's last position is closed").isZero();
        PerformanceStats s = report.total();
        assertThat(s.netPnl()).isEqualByComparingTo(FixedPoint.toBigDecimal(cash, 8));
        assertThat(s.returnPct()).isCloseTo(cash / 1e8 * 100.0, within(1e-9));
        assertThat(s.feesPaid()).isEqualByComparingTo(FixedPoint.toBigDecimal(fees, 8));
        assertThat(s.tradeCount()).isEqualTo(tripPnl.size()).isEqualTo(report.roundTrips().size());
        long wins = tripPnl.stream().filter(p -> p > 0).count();
        assertThat(s.winRate()).isEqualTo(wins / (double) tripPnl.size());
        long gain = tripPnl.stream().filter(p -> p > 0).mapToLong(Long::longValue).sum();
        long loss = -tripPnl.stream().filter(p -> p < 0).mapToLong(Long::longValue).sum();
        assertThat(s.profitFactor()).isEqualTo(loss == 0 ? Double.POSITIVE_INFINITY : gain / (double) loss);
        double span = report.endTimeNs() - report.startTimeNs();
        assertThat(s.timeInMarketPct()).isCloseTo(inMarketNs / span * 100.0, within(1e-9));
        List<BigDecimal> pnl = report.roundTrips().stream().map(RoundTrip::pnl).toList();
        assertThat(pnl).isEqualTo(tripPnl.stream().map(p -> FixedPoint.toBigDecimal(p, 8)).toList());
        // one strategy on one instrument: the total equals the row
        assertThat(report.stats()).singleElement().satisfies(row -> {
            assertThat(row.netPnl()).isEqualByComparingTo(s.netPnl());
            assertThat(row.sharpe()).isEqualTo(s.sharpe());
        });
    }

    @Test
    void theEquityCurveIsSampledAtEveryBarCloseAndEndsAtTheNetPnl() {
        EquityCurve all = report.equityCurves().get(report.equityCurves().size() - 1);
        assertThat(all.strategyId()).isEqualTo("ALL");
        assertThat(report.samplingIntervalMs()).isEqualTo(300_000L);
        for (int i = 0; i + 1 < all.size() - 1; i++) {
            assertThat(all.timeNs(i) % 300_000_000_000L).isZero();
            assertThat(all.timeNs(i + 1) - all.timeNs(i)).isEqualTo(300_000_000_000L);
        }
        // 2019-10-11 00:05 to 11:15 on the 13th, then the last event
        assertThat(all.size()).isEqualTo((int) ((report.endTimeNs() / 300_000_000_000L * 300_000_000_000L
                - 1_570_752_300_000_000_000L) / 300_000_000_000L) + 2);
        assertThat(all.equity(all.size() - 1)).isCloseTo(1.0 + report.total().netPnl().doubleValue(), within(1e-12));
        double[] values = new double[all.size() - 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = all.equity(i);
        }
        assertThat(report.total().sharpe()).isEqualTo(Performance.sharpe(Performance.returns(values),
                Performance.periodsPerYear(300_000L)));
    }

    /**
     * A backtest that ends while a position is open: the P&amp;L splits into the realised P&amp;L of the closed round
     * trips and the unrealised P&amp;L of the open position at the last trade price, each recomputed here from the
     * fills and the raw sample trades, and the open position is listed.
     */
    @Test
    void aPositionOpenAtTheEndIsUnrealisedAndListedApart() {
        // cut the longest round trip of the sample in the middle
        int longest = 0;
        List<RoundTrip> trips = report.roundTrips();
        for (int i = 1; i < trips.size(); i++) {
            RoundTrip r = trips.get(i);
            if (r.exitTimeNs() - r.entryTimeNs() > trips.get(longest).exitTimeNs() - trips.get(longest).entryTimeNs()) {
                longest = i;
            }
        }
        RoundTrip open = trips.get(longest);
        long toNs = (open.entryTimeNs() + open.exitTimeNs()) / 2;
        MarketHistory history = MarketHistory.load(config, List.of(
                new MarketHistory.Input(SampleData.file("XRP_ETH-trades.json.gz"), null, null)));
        BacktestReport cut = Backtest.run(config, history, Long.MIN_VALUE, toNs);

        long cash = 0;
        long position = 0;
        long openCash = 0;
        long openedNs = 0;
        for (OrderFilled f : cut.fills()) {
            long flow = f.side() == Side.BUY ? -(f.quoteQuantity() + f.fee()) : f.quoteQuantity() - f.fee();
            if (position == 0) {
                openCash = 0;
                openedNs = f.eventTimeNs();
            }
            cash += flow;
            openCash += flow;
            position += f.side() == Side.BUY ? f.fillQuantity() : -f.fillQuantity();
        }
        assertThat(position).as("a long position is open at the cut").isPositive();
        long last = 0;
        for (io.aquatrade.common.TradeTick t : SampleData.xrpEthTrades()) {
            if (t.eventTimeNs() < toNs) {
                last = t.price();
            }
        }
        // value at the last price: quantity (0 decimals) x price (8 decimals), exact in ETH's 8 decimals
        long unrealised = position * last + openCash;
        long realised = cash - openCash;
        PerformanceStats s = cut.total();
        assertThat(s.realizedPnl()).isEqualByComparingTo(FixedPoint.toBigDecimal(realised, 8));
        assertThat(s.unrealizedPnl()).isEqualByComparingTo(FixedPoint.toBigDecimal(unrealised, 8));
        assertThat(s.netPnl()).isEqualByComparingTo(FixedPoint.toBigDecimal(realised + unrealised, 8));
        assertThat(s.tradeCount()).isEqualTo(longest);
        assertThat(cut.openPositions()).hasSize(1);
        OpenPosition p = cut.openPositions().get(0);
        assertThat(p.strategyId()).isEqualTo("vwap-momentum");
        assertThat(p.side()).isEqualTo(Side.BUY);
        assertThat(p.quantity()).isEqualByComparingTo(BigDecimal.valueOf(position));
        assertThat(p.markPrice()).isEqualByComparingTo(FixedPoint.toBigDecimal(last, 8));
        assertThat(p.unrealizedPnl()).isEqualByComparingTo(FixedPoint.toBigDecimal(unrealised, 8));
        assertThat(p.entryTimeNs()).isEqualTo(open.entryTimeNs()).isEqualTo(openedNs);
        assertThat(p.entryPrice()).isEqualByComparingTo(open.entryPrice());
        assertThat(report.openPositions()).as("the whole sample ends flat").isEmpty();
        assertThat(report.total().unrealizedPnl()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(report.total().realizedPnl()).isEqualByComparingTo(report.total().netPnl());
        String table = ReportFiles.table(cut);
        assertThat(table).contains("realised", "unrealised", "open at the end",
                FixedPoint.toBigDecimal(unrealised, 8).toPlainString());
    }
}
