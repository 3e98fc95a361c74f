package io.aquatrade.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import io.aquatrade.common.ProcessCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up refusals: a bad config value ends the process with exit code 2 naming the field, before any queue. */
class OrderRouterMainTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String stderr) {
    }

    private Run run(String yaml, String... flags) throws IOException {
        Path config = dir.resolve("aquatrade.yaml");
        Files.writeString(config, yaml);
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--queue-dir",
                    dir.resolve("queues").toString()));
            args.addAll(List.of(flags));
            code = ProcessCli.execute("order-router", new OrderRouterMain(), args.toArray(String[]::new));
        } finally {
            System.setErr(original);
        }
        return new Run(code, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aNegativeTakerFeeExitsWithTwoNamingTheField() throws IOException {
        Run run = run(TestConfigs.textWith("takerFeeBps: 10", "takerFeeBps: -1"));

        assertThat(run.exitCode()).isEqualTo(ProcessCli.EXIT_USAGE).isEqualTo(2);
        assertThat(run.stderr()).contains("order-router.paper.takerFeeBps").contains("-1");
        assertThat(dir.resolve("queues")).doesNotExist();
    }

    @Test
    void anUnknownVenueIsRefusedAtStartUp() throws IOException {
        Run run = run(TestConfigs.textWith("venue: paper", "venue: kraken"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("order-router.venue").contains("kraken");
        assertThat(dir.resolve("queues")).doesNotExist();
    }

    @Test
    void theBinanceVenueWithoutLiveIsRefusedSayingWhy() throws IOException {
        Run run = run(TestConfigs.textWith("venue: paper", "venue: binance"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--live").contains("real orders");
        assertThat(dir.resolve("queues")).doesNotExist();
    }

    @Test
    void aKeyFileReadableByOthersIsRefusedNamingTheFile() throws IOException {
        Path keyFile = dir.resolve("binance.key");
        Files.writeString(keyFile, "apiKey=main-test-key\napiSecret=main-test-secret-93b1\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        Run run = run(TestConfigs.textWith("venue: paper", "venue: binance\n  binance: {keyFile: " + keyFile + "}"),
                "--live");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("order-router.binance.keyFile").contains(keyFile.toString())
                .contains("0600").contains("rw-r--r--").doesNotContain("main-test-secret-93b1");
        assertThat(dir.resolve("queues")).doesNotExist();
    }

    @Test
    void aStrategyWithTakeProfitAndARestingStopIsRefusedOnBinanceNamingItsFields() throws IOException {
        Path keyFile = dir.resolve("binance.key");
        Files.writeString(keyFile, "apiKey=main-test-key\napiSecret=main-test-secret-93b1\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Run run = run(TestConfigs.textWith("venue: paper", "venue: binance\n  binance: {keyFile: " + keyFile + "}")
                .replace("{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 0}",
                        "{id: vwap-momentum, capital: 1.0, orderFraction: 0.5, stopLossBps: 100, stopOrder: market, "
                                + "takeProfit: [{r: 1, fraction: 0.5}]}"), "--live");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("decision-engine.strategies[0].takeProfit").contains("vwap-momentum")
                .contains("stopOrder").contains("-2010");
        assertThat(dir.resolve("queues")).doesNotExist();
    }

    @Test
    void startingBalancesThatDoNotFitTheAssetExitWithTwo() throws IOException {
        Run run = run(TestConfigs.textWith("{ETH: 1.0, XRP: 0}", "{ETH: 1.0, XRP: 0.123456789}"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("order-router.paper.balances.XRP");
    }
}
