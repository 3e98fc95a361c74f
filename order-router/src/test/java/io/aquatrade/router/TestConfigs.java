package io.aquatrade.router;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.testing.SampleData;

/** The project's real config file (config/aquatrade.yaml), optionally with one line of its text replaced. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static Path file() {
        return SampleData.projectRoot().resolve("config").resolve("aquatrade.yaml");
    }

    public static String text() {
        try {
            return Files.readString(file());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the config text with {@code from} (which must occur) replaced by {@code to} */
    public static String textWith(String from, String to) {
        String text = text();
        if (!text.contains(from)) {
            throw new IllegalStateException("config/aquatrade.yaml has no '" + from + "'");
        }
        return text.replace(from, to);
    }

    public static AquatradeConfig parse(String yaml) {
        return AquatradeConfig.parse(file(), yaml);
    }

    public static AquatradeConfig project() {
        return parse(text());
    }

    /**
     * The project config with other starting balances and margin shorts allowed up to {@code maxShortNotional}
     * (a decimal amount of ETH).
     */
    public static AquatradeConfig withShorts(String balances, String maxShortNotional) {
        return parse(textWith("balances: {ETH: 1.0, XRP: 0}", "balances: " + balances
                + "\n    allowShort: true\n    maxShortNotional: " + maxShortNotional));
    }

    /** The project config with other starting balances, e.g. "{ETH: 1.0, XRP: 1000}". */
    public static AquatradeConfig withBalances(String balances) {
        return parse(textWith("balances: {ETH: 1.0, XRP: 0}", "balances: " + balances));
    }
}
