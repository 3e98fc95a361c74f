package io.aquatrade.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.BalanceUpdate;
import io.aquatrade.common.ExecutionListener;
import io.aquatrade.common.LiquiditySide;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.OrderFilled;
import io.aquatrade.common.ProgressPublisher;
import io.aquatrade.common.QueueRoot;
import io.aquatrade.common.Side;
import io.aquatrade.common.Topic;
import io.aquatrade.common.TopicReader;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary and tail read back what a run wrote: a buy of 353 XRP at a real sample price, its fee, the balance
 * changes, and the sample's last trade marking the held XRP.
 */
class RunSummaryTest {
    @TempDir
    Path dir;

    @Test
    void countsBalancesAndPnlMarkedAtTheLastTrade() {
        AquatradeConfig cfg = AquatradeConfig.load(SampleData.projectRoot().resolve("config/aquatrade.yaml"));
        List<TradeTick> trades = SampleData.xrpEthTrades();
        TradeTick last = trades.get(trades.size() - 1);
        try (QueueRoot root = new QueueRoot(dir)) {
            MarketDataListener md = root.writer(Topic.MARKET_DATA);
            md.tradeTick(trades.get(0));
            md.tradeTick(last);
            ExecutionListener ex = root.writer(Topic.EXECUTIONS);
            ex.balanceUpdate(new BalanceUpdate().asset("ETH").total(100_000_000L).change(100_000_000L)
                    .cause("initial"));
            ex.balanceUpdate(new BalanceUpdate().asset("XRP").total(0).change(0).cause("initial"));
            // 353 XRP at 0.00141683 ETH = 0.50014099 ETH, fee 10 bps rounded up = 0.00050015 ETH
            ex.orderFilled(new OrderFilled().clientOrderId("s-1").venueOrderId("p-1").tradeId("p-1-1")
                    .strategyId("s").instrument("XRPETH").side(Side.BUY).fillPrice(141_683).fillQuantity(353)
                    .quoteQuantity(50_014_099).cumulativeQuantity(353).leavesQuantity(0).fee(50_015).feeAsset("ETH")
                    .liquiditySide(LiquiditySide.TAKER)
                    .last(true).eventTimeNs(last.eventTimeNs()));
            ex.balanceUpdate(new BalanceUpdate().asset("XRP").total(35_300_000_000L).change(35_300_000_000L)
                    .cause("s-1"));
            ex.balanceUpdate(new BalanceUpdate().asset("ETH").total(49_935_886L).change(-50_064_114L).cause("s-1"));

            RunSummary summary = new RunSummary(cfg);
            drain(root.reader(Topic.MARKET_DATA, null), summary);
            drain(root.reader(Topic.EXECUTIONS, null), summary);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            summary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

            // equity end: 0.49935886 + 353 x last price; start: 1.0
            java.math.BigDecimal end = new java.math.BigDecimal("0.49935886").add(
                    java.math.BigDecimal.valueOf(353).multiply(java.math.BigDecimal.valueOf(last.price(), 8)));
            String pnl = end.subtract(java.math.BigDecimal.ONE).setScale(8, java.math.RoundingMode.HALF_EVEN)
                    .toPlainString();
            assertThat(lines).contains("ticks: 2", "fills: 1", "orders: 0",
                    "balance ETH: 0.49935886 (start 1.00000000, change -0.50064114)",
                    "balance XRP: 353.00000000 (start 0.00000000, change 353.00000000)",
                    "fees ETH: 0.00050015");
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("pnl ETH: " + pnl + " ("));

            MessageFormatter formatter = new MessageFormatter(cfg);
            TopicReader<ExecutionListener> reader = root.reader(Topic.EXECUTIONS, null);
            reader.poll(formatter);
            reader.poll(formatter);
            reader.poll(formatter);
            assertThat(formatter.line()).isEqualTo("2019-10-13T11:19:28.844Z orderFilled clientOrderId=s-1"
                    + " tradeId=p-1-1 strategy=s instrument=XRPETH side=BUY price=0.00141683 quantity=353"
                    + " cumulativeQuantity=353 leavesQuantity=0 notional=0.50014099"
                    + " fee=0.00050015 ETH liquidity=TAKER last=true");
        }
    }

    /** Runs {@code aquatrade summary} on the queue root; @return what it printed */
    private String summaryCommand() {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            int code = new picocli.CommandLine(new AquatradeTool()).execute("summary", "--config",
                    SampleData.projectRoot().resolve("config/aquatrade.yaml").toString(), "--queue-dir",
                    dir.toString());
            assertThat(code).isZero();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void summarySaysWhetherTheMarketDataEndedAndWhetherItsReplayWasIncomplete() {
        List<TradeTick> trades = SampleData.xrpEthTrades();
        try (QueueRoot root = new QueueRoot(dir)) {
            MarketDataListener md = root.writer(Topic.MARKET_DATA);
            md.tradeTick(trades.get(0));
            assertThat(summaryCommand()).contains("market-data: not ended\n", "ticks: 1\n");

            new ProgressPublisher("market-data", md).endOfStream(trades.get(0).eventTimeNs(), true);
            assertThat(summaryCommand()).contains("market-data: ended INCOMPLETE (a replayed file stopped parsing");
        }
    }

    @Test
    void summarySaysACompleteReplayEnded() {
        List<TradeTick> trades = SampleData.xrpEthTrades();
        try (QueueRoot root = new QueueRoot(dir)) {
            MarketDataListener md = root.writer(Topic.MARKET_DATA);
            md.tradeTick(trades.get(0));
            new ProgressPublisher("market-data", md).endOfStream(trades.get(0).eventTimeNs());
            assertThat(summaryCommand()).contains("market-data: ended\n").doesNotContain("INCOMPLETE");
        }
    }

    private static <L extends io.aquatrade.common.ProgressListener> void drain(TopicReader<L> reader, L listener) {
        while (reader.poll(listener) > 0) {
            // all
        }
    }
}
