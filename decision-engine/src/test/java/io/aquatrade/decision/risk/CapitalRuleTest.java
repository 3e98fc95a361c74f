package io.aquatrade.decision.risk;

import static io.aquatrade.decision.risk.RiskFixture.ns;
import static io.aquatrade.decision.risk.RiskFixture.usdt;
import static org.assertj.core.api.Assertions.assertThat;

import io.aquatrade.common.DenyReason;
import io.aquatrade.common.Side;
import org.junit.jupiter.api.Test;

/**
 * The capital rule's worked example (the same as in README, "Risk rules"): capital 10,000 USDT,
 * {@code capitalRule: {baseFraction: 0.5, profitFraction: 1.0}}, trading BTCUSDT without fees.
 * <ol>
 *   <li>At the start at most 0.5 x 10,000 = 5,000 USDT may be deployed.</li>
 *   <li>A round trip of 0.1 BTC bought at 40,000 and sold at 42,000 realises +200: 5,000 + 1.0 x 200 = 5,200.</li>
 *   <li>One of 0.1 BTC bought at 42,000 and sold at 39,000 realises -300: realised is -100, which reduces the base
 *       first: 0.5 x (10,000 - 100) = 4,950.</li>
 * </ol>
 * At each step an entry whose notional makes the deployed amount exactly the allowance passes, and one lot more is
 * refused with {@link DenyReason#CAPITAL_RULE}, the allowance and the amount.
 */
class CapitalRuleTest {
    private static final long T = ns("2021-05-19T13:00:00Z");

    @Test
    void theWorkedExample() {
        RiskFixture f = new RiskFixture("", "    capitalRule: {baseFraction: 0.5, profitFraction: 1.0}\n", "");
        RiskEngine risk = f.engine;
        int q = risk.quoteIndex(f.btc);
        risk.onTrade(f.btc, 4_000_000, T); // 40,000.00
        assertThat(risk.capitalAllowed(f.s, q)).isEqualTo(usdt("5000"));
        // 0.125 BTC x 40,000 = 5,000 exactly
        assertAllowsExactly(f, 12_500, 4_000_000, usdt("5000"));

        f.fill(f.s, f.btc, Side.BUY, 4_000_000, 10_000, 5, T);
        risk.onTrade(f.btc, 4_200_000, T);
        f.fill(f.s, f.btc, Side.SELL, 4_200_000, 10_000, 5, T);
        assertThat(risk.capitalAllowed(f.s, q)).isEqualTo(usdt("5200"));
        // 0.13 BTC x 40,000 = 5,200 exactly
        risk.onTrade(f.btc, 4_000_000, T);
        assertAllowsExactly(f, 13_000, 4_000_000, usdt("5200"));

        f.fill(f.s, f.btc, Side.BUY, 4_200_000, 10_000, 5, T);
        risk.onTrade(f.btc, 3_900_000, T);
        f.fill(f.s, f.btc, Side.SELL, 3_900_000, 10_000, 5, T);
        assertThat(risk.capitalAllowed(f.s, q)).isEqualTo(usdt("4950"));
        // 0.12375 BTC x 40,000 = 4,950 exactly
        risk.onTrade(f.btc, 4_000_000, T);
        assertAllowsExactly(f, 12_375, 4_000_000, usdt("4950"));
    }

    @Test
    void anOpenPositionCountsAtItsMarkAgainstTheAllowance() {
        RiskFixture f = new RiskFixture("", "", ", risk: {capitalRule: {baseFraction: 0.5, profitFraction: 0}}");
        RiskEngine risk = f.engine;
        risk.onTrade(f.btc, 4_000_000, T);
        f.fill(f.s, f.btc, Side.BUY, 4_000_000, 5_000, 5, T); // 0.05 BTC = 2,000 USDT
        risk.onTrade(f.btc, 4_400_000, T); // now worth 2,200
        // room: 5,000 - 2,200 = 2,800 = 0.07 BTC at 40,000
        assertAllowsExactly(f, 7_000, 4_000_000, usdt("5000"));
    }

    private static void assertAllowsExactly(RiskFixture f, long qty, long price, long allowance) {
        assertThat(f.engine.checkEntry(f.s, f.btc, qty, price, T).ok()).isTrue();
        RiskDecision d = f.engine.checkEntry(f.s, f.btc, qty + 1, price, T);
        assertThat(d.reason()).isEqualTo(DenyReason.CAPITAL_RULE);
        assertThat(d.limit()).isEqualTo(allowance);
        // one lot more: 0.00001 BTC x 40,000 = 0.4 USDT above the allowance
        assertThat(d.value()).isEqualTo(allowance + usdt("0.4"));
    }
}
