package io.aquatrade.router;

import java.util.LinkedHashMap;
import java.util.Map;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.FixedPoint;

/**
 * The venue account's balance of every asset the configured instruments name, and of every other asset of the
 * {@code assets} section ({@link AquatradeConfig#accountAssets()}: BNB for fees paid in BNB): a mantissa in the
 * asset's decimals ({@link AquatradeConfig#assetDecimals(String)}). The router books every fill here (the account as
 * the router sees it); a paper venue checks orders against it.
 *
 * <p>Not thread-safe (the agent thread owns it). Arithmetic is exact and overflow throws {@link ArithmeticException}.
 */
public final class Account {
    private final Map<String, long[]> balances = new LinkedHashMap<>();
    private final Map<String, Integer> decimals = new LinkedHashMap<>();

    /** @param config names the assets (its instruments', then its {@code assets} section's) and their decimals */
    public Account(AquatradeConfig config) {
        for (String asset : config.accountAssets()) {
            balances.put(asset, new long[1]);
            decimals.put(asset, config.assetDecimals(asset));
        }
    }

    /** @return true if the asset is one the account holds (named by an instrument or the {@code assets} section) */
    public boolean has(String asset) {
        return balances.containsKey(asset);
    }

    /**
     * @return the balance, mantissa in the asset's decimals
     * @throws IllegalArgumentException if the asset is not known
     */
    public long balance(String asset) {
        return slot(asset)[0];
    }

    /**
     * @return the asset's decimals, 0..18
     * @throws IllegalArgumentException if the asset is not known
     */
    public int decimals(String asset) {
        Integer d = decimals.get(asset);
        if (d == null) {
            throw new IllegalArgumentException("asset " + asset + " is in no configured instrument nor in assets");
        }
        return d;
    }

    /**
     * Adds a signed change.
     *
     * @param change signed mantissa in the asset's decimals
     * @return the new balance
     * @throws ArithmeticException on overflow
     * @throws IllegalArgumentException if the asset is not known
     */
    public long add(String asset, long change) {
        long[] s = slot(asset);
        s[0] = Math.addExact(s[0], change);
        return s[0];
    }

    /**
     * Sets a balance (start-up and recovery).
     *
     * @param total mantissa in the asset's decimals
     * @throws IllegalArgumentException if the asset is not known
     */
    public void set(String asset, long total) {
        slot(asset)[0] = total;
    }

    /** @return every balance as plain decimal text, for logs and tests (allocates) */
    public Map<String, String> formatted() {
        Map<String, String> out = new LinkedHashMap<>();
        balances.forEach((asset, s) -> out.put(asset, FixedPoint.format(s[0], decimals.get(asset))));
        return out;
    }

    private long[] slot(String asset) {
        long[] s = asset == null ? null : balances.get(asset);
        if (s == null) {
            throw new IllegalArgumentException("asset " + asset + " is in no configured instrument nor in assets");
        }
        return s;
    }

    @Override
    public String toString() {
        return "Account" + formatted();
    }
}
