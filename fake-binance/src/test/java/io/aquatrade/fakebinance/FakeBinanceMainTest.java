package io.aquatrade.fakebinance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.aquatrade.common.ProcessCli;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.Test;

/** A bad flag stops {@code fake-binance} at start-up with exit code 2 (before anything is served). */
class FakeBinanceMainTest {
    private static int run(String... args) {
        return ProcessCli.execute("fake-binance", new FakeBinanceMain(), args);
    }

    @Test
    void badFlagsExitWithCode2() {
        String keys = "--api-key=k --api-secret=s ";
        assertThat(run("--port", "0")).as("no --data").isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(run((keys + "--port 0 --data no/such/file.gz").split(" "))).isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(run((keys + "--port 70000 --data x").split(" "))).isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(run((keys + "--port 0 --commission-rate 0.5 --data x").split(" ")))
                .isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(run((keys + "--port 0 --speed -1 --data x").split(" "))).isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(run("--port", "0", "--api-key=", "--api-secret=", "--data", "x")).as("no keys")
                .isEqualTo(ProcessCli.EXIT_USAGE);
    }

    @Test
    void bnbPricesNeedBnbFeesAndDecimals() {
        String keys = "--api-key=k --api-secret=s ";
        assertThat(run((keys + "--port 0 --bnb-price USDT=600 --data x").split(" "))).as("without --bnb-fees")
                .isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(run((keys + "--port 0 --bnb-fees --bnb-price USDT=six --data x").split(" ")))
                .isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(run((keys + "--port 0 --bnb-fees --bnb-price USDT=-1 --data x").split(" ")))
                .isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(run((keys + "--port 0 --bnb-fees --bnb-price USDT=0 --data x").split(" ")))
                .isEqualTo(ProcessCli.EXIT_USAGE);
    }

    @Test
    void anUnknownFaultOrABadFaultValueExitsWithCode2() {
        String prop = System.getProperty("aquatrade.sharedData");
        Path data = (prop != null ? Path.of(prop) : SampleData.projectRoot().resolve("../shared/data").normalize())
                .resolve("streams/binance-spot/btcusdt_20240808.gz");
        String start = "--api-key=k --api-secret=s --port 0 --speed 0 --data " + data + " ";
        assertThat(run((start + "--fault droppedEverything=1").split(" "))).isEqualTo(ProcessCli.EXIT_USAGE);
        assertThat(run((start + "--fault http429=many").split(" "))).isEqualTo(ProcessCli.EXIT_USAGE);
    }
}
