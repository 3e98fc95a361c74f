package io.aquatrade.decision;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One strategy's own capital, per asset: the starting capital in each quote asset, then changed by exactly the
 * amounts of the strategy's fills (a buy pays {@code quoteQuantity} in the quote asset and receives the filled
 * quantity in the base asset, a sell the reverse; the fee is paid in its fee asset). Amounts are mantissas with the
 * asset's decimals ({@code AquatradeConfig.assetDecimals}). A base asset goes negative while the strategy is short
 * (a margin short sold what it did not hold: the sale's proceeds are in the quote asset, the debt in the base
 * asset); otherwise an amount goes negative only if the venue charged a fee in an asset the strategy never held.
 *
 * <p>Read-only to everyone but the {@link DecisionEngine}; not thread-safe.
 */
public final class Ledger {
    private final Map<String, Long> balances = new LinkedHashMap<>();
    private final Map<String, Long> view = Collections.unmodifiableMap(balances);

    Ledger() {
    }

    /**
     * @param asset asset code, e.g. "ETH"
     * @return the balance of the asset, mantissa in the asset's decimals; 0 if the strategy never held it
     */
    public long balance(String asset) {
        Long b = balances.get(asset);
        return b == null ? 0 : b;
    }

    /** @return every asset's balance, in first-booked order (read-only view) */
    public Map<String, Long> balances() {
        return view;
    }

    /** @throws ArithmeticException on overflow */
    void add(String asset, long delta) {
        balances.merge(asset, delta, Math::addExact);
    }

    @Override
    public String toString() {
        return balances.toString();
    }
}
