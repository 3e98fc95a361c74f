package io.aquatrade.marketdata.replay;

import static io.aquatrade.marketdata.replay.CollectedTicks.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.MessageCopies;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.marketdata.TickValidator;
import org.junit.jupiter.api.Test;

/** The reader's held copies and the replay's pooled copies keep every field of a tick. */
class TickCopiesTest {
    /** Gives the given trades in order, as a file reader would parse them. */
    static final class ListReader extends TickFileReader {
        private final List<TradeTick> ticks;
        private int next;

        ListReader(List<TradeTick> ticks) {
            super(new ReplayFile(SampleData.file("XRP_ETH-trades.json.gz"), ReplayFormat.FREQTRADE_TRADES, "XRPETH"),
                    List.of(XRPETH), TickValidator.Limits.DEFAULT);
            this.ticks = ticks;
        }

        @Override
        protected boolean readNext() {
            while (next < ticks.size()) {
                MessageCopies.copy(ticks.get(next++), trade);
                if (tradeReady(XRPETH)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        protected String position() {
            return "tick " + next;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void everyFieldOfATickSurvivesTheValidatorsHoldAndTheReorderWindow() {
        // the sample's first 100 trades, flagged afterGap (a field the hand-written copies left out); the first is
        // held by the validator for its time (a file without receive times has no watermark yet)
        List<TradeTick> input = new ArrayList<>();
        for (TradeTick t : SampleData.xrpEthTrades().subList(0, 100)) {
            input.add(CollectedTicks.copy(t).afterGap(true));
        }
        CollectedTicks out = new CollectedTicks();
        try (ReplaySource replay = new ReplaySource(List.of(new ListReader(input)), 0)) {
            while (!replay.isDone()) {
                replay.poll(0, out, 1000);
            }
        }
        assertThat(out.trades).hasSize(100).allMatch(TradeTick::afterGap);
        assertThat(out.trades).extracting(TradeTick::tradeId)
                .containsExactlyElementsOf(input.stream().map(TradeTick::tradeId).toList());
    }
}
