package io.aquatrade.decision;

import static io.aquatrade.decision.DecisionEngineTest.BAR_0005_NS;
import static io.aquatrade.decision.DecisionEngineTest.ID;
import static io.aquatrade.decision.DecisionEngineTest.TRADES;
import static io.aquatrade.decision.DecisionEngineTest.accept;
import static io.aquatrade.decision.DecisionEngineTest.price;
import static io.aquatrade.decision.DecisionEngineTest.signal;
import static io.aquatrade.decision.DecisionEngineTest.trades;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Direction;
import io.aquatrade.common.FixedPoint;
import io.aquatrade.common.Side;
import io.aquatrade.common.SubmitOrder;
import org.junit.jupiter.api.Test;

/**
 * Scale-in ({@code scaleIn: {maxAdds: 1}}) with a venue stop, on the real XRP/ETH trades of 2019-10-11 (data/sample)
 * after {@link DecisionEngineTest}'s entry (354 XRP at trade #23's price plus 5 bps): a LONG at the first later trade
 * above the entry price adds, sized by hand from the ledger the entry left; the stop then covers both, new first; a
 * further LONG is denied as before.
 */
class ScaleInTest {
    final RecordingOrders out = new RecordingOrders();

    @Test
    void aRepeatedLongWhileWinningAddsOnceAndTheStopFollows() {
        AquatradeConfig config = DecisionEngineTest.shared("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, "
                + "stopLossBps: 100, stopOrder: market, scaleIn: {maxAdds: 1}}");
        DecisionEngine engine = new DecisionEngine(DecisionConfig.from(config), config, out);
        trades(engine, 0, 24);
        engine.signal(signal(1, Direction.LONG, BAR_0005_NS, price(23)));
        SubmitOrder entry = out.last();
        accept(engine, entry);
        engine.orderFilled(RouterLikeFills.fill(entry, price(23), 5, 10, "t1"));
        SubmitOrder firstStop = out.last();
        accept(engine, firstStop);

        long fill = RouterLikeFills.fillPrice(Side.BUY, price(23), 5);
        int j = 24;
        while (TRADES.get(j).price() <= fill) {
            j++;
        }
        trades(engine, 24, j + 1);
        long t = TRADES.get(j).eventTimeNs();
        engine.signal(signal(2, Direction.LONG, t, price(j)));

        // ledger after the entry: 1 ETH - 354 x fill - fee (10 bps, rounded up); the add buys half of it
        long notional = fill * 354;
        long fee = BigDecimal.valueOf(notional).multiply(BigDecimal.valueOf(10)).divide(BigDecimal.valueOf(10_000), 0,
                RoundingMode.UP).longValueExact();
        long balance = 100_000_000L - notional - fee;
        long expected = BigDecimal.valueOf(balance).divide(BigDecimal.valueOf(2)).divide(BigDecimal.valueOf(price(j)),
                0, RoundingMode.FLOOR).longValueExact();
        // the engine's summary (and its log lines) show ledgers in decimals, not raw units
        assertThat(engine.summary()).contains("ledger {ETH=" + FixedPoint.format(balance, 8) + ", XRP=354.00000000}");
        SubmitOrder add = out.last();
        assertThat(add.reason()).isEqualTo(DecisionEngine.REASON_SCALE_IN);
        assertThat(add.side()).isEqualTo(Side.BUY);
        assertThat(add.signalId()).isEqualTo(2);
        assertThat(add.quantity()).isEqualTo(expected).isPositive();

        accept(engine, add);
        engine.orderFilled(RouterLikeFills.fill(add, price(j), 5, 10, "t2"));
        SubmitOrder stop2 = out.last();
        assertThat(stop2.reason()).isEqualTo(DecisionEngine.REASON_PROTECTIVE_STOP);
        assertThat(stop2.quantity()).isEqualTo(354 + expected);
        assertThat(out.sequence.subList(out.sequence.size() - 2, out.sequence.size()))
                .containsExactly("submit " + stop2.clientOrderId(), "cancel " + firstStop.clientOrderId());
        assertThat(engine.position(ID, "XRPETH").quantity()).isEqualTo(354 + expected);

        // maxAdds reached: a further LONG is denied as one position per strategy and instrument
        engine.signal(signal(3, Direction.LONG, t, price(j)));
        assertThat(out.denials).singleElement().satisfies(d -> {
            assertThat(d.reasonCode()).isEqualTo(DenyReason.POSITION_OPEN);
            assertThat(d.signalId()).isEqualTo(3);
        });
    }
}
