package io.aquatrade.marketdata.replay;

import static io.aquatrade.marketdata.replay.CollectedTicks.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import org.junit.jupiter.api.BeforeAll;
import io.aquatrade.marketdata.TickValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggTrades CSV reader on a CSV written from the raw Binance aggTrades kept in XRP_OLD-trades.json.gz's
 * {@code info} fields ({@code a, p, q, f, l, T, m, M}: exactly the columns of data.binance.vision's aggTrades CSV).
 */
class AggTradesCsvReaderTest {
    static final String HEADER =
            "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match";
    static List<String[]> rows;
    static List<TradeTick> oracle;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadInfoColumns() throws IOException {
        rows = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SampleData.file("XRP_OLD-trades.json.gz")))) {
            for (JsonNode trade : new ObjectMapper().readTree(in)) {
                JsonNode i = trade.get("info");
                rows.add(new String[] {i.get("a").asText(), i.get("p").asText(), i.get("q").asText(),
                        i.get("f").asText(), i.get("l").asText(), i.get("T").asText(), i.get("m").asText(),
                        i.get("M").asText()});
            }
        }
        oracle = SampleData.xrpEthTrades();
    }

    /** Writes the rows as CSV; {@code timeScale} 1000 turns ms into µs; {@code capitalBooleans} writes True/False. */
    Path writeCsv(String name, boolean header, boolean gzip, long timeScale, boolean capitalBooleans)
            throws IOException {
        StringBuilder csv = new StringBuilder();
        if (header) {
            csv.append(HEADER).append('\n');
        }
        for (String[] r : rows) {
            String[] c = r.clone();
            c[5] = Long.toString(Long.parseLong(c[5]) * timeScale);
            if (capitalBooleans) {
                c[6] = c[6].equals("true") ? "True" : "False";
                c[7] = c[7].equals("true") ? "True" : "False";
            }
            csv.append(String.join(",", c)).append('\n');
        }
        Path file = dir.resolve(name);
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        if (gzip) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(bytes);
            }
        } else {
            Files.write(file, bytes);
        }
        return file;
    }

    static TickFileReader open(Path csv) {
        return TickFileReader.open(new ReplayFile(csv, ReplayFormat.BINANCE_AGGTRADES_CSV, "XRPETH"),
                List.of(XRPETH));
    }

    @Test
    void gzipCsvWithHeaderGivesTheSameTicksAsTheFreqtradeFile() throws IOException {
        assertThat(rows).hasSize(12_477);
        TickFileReader reader = open(writeCsv("XRPETH-aggTrades-2019-10-11.csv.gz", true, true, 1, true));

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(reader.malformedCount()).isZero();
        assertThat(got.trades).hasSize(12_477).containsExactlyElementsOf(oracle);
        assertThat(got.trades.get(0).aggressorSide()).isEqualTo(Side.SELL); // m = true: the buyer was the maker
        assertThat(got.trades.get(3).aggressorSide()).isEqualTo(Side.BUY);
    }

    @Test
    void aLineLongerThanTheCapIsOneSyntaxRejectionAndTheNextLinesAreRead() throws IOException {
        Path file = writeCsv("long-line.csv", true, false, 1, false);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        // after the header and the first trade: one line of TextLines.MAX_LINE_CHARS + 1 characters, no newline
        // inside (a broken or hostile file); it is skipped without being held in memory
        lines.add(2, "1".repeat(TextLines.MAX_LINE_CHARS + 1));
        Files.write(file, lines);
        TickFileReader reader = open(file);

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(got.trades).containsExactlyElementsOf(oracle);
        assertThat(reader.rejectedCount(TickValidator.Reason.SYNTAX)).isEqualTo(1);
        assertThat(reader.malformedCount()).isEqualTo(1);
    }

    @Test
    void plainCsvWithoutHeaderReadsTheSame() throws IOException {
        CollectedTicks got = CollectedTicks.readAll(open(writeCsv("plain.csv", false, false, 1, false)));

        assertThat(got.trades).containsExactlyElementsOf(oracle);
    }

    @Test
    void microsecondTimesAreDetectedByMagnitude() throws IOException {
        TickFileReader reader = open(writeCsv("micros.csv", true, false, 1000, false));

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(got.trades).containsExactlyElementsOf(oracle);
        assertThat(got.trades.get(0).eventTimeNs()).isEqualTo(1_570_752_011_620_000_000L);
    }

    @Test
    void malformedLinesAreCountedAndSkipped() throws IOException {
        Path good = writeCsv("good.csv", true, false, 1, false);
        List<String> lines = new ArrayList<>(Files.readAllLines(good));
        // line numbers below are 1-based file lines; line 1 is the header, line 2 the first trade
        lines.set(2, lines.get(2).replace("0.00141266", "0.001412660001")); // 12 decimals, instrument has 8
        lines.set(3, lines.get(3).replace(",true,", ",maybe,"));           // not a boolean
        lines.set(4, "13519810,0.00141379");                                 // too few columns
        lines.add(6, "");                                                    // blank: ignored
        lines.add(7, "x,0.1,1,1,1,1570752028990,true,true");                 // id not a number
        Path broken = dir.resolve("broken.csv");
        Files.write(broken, lines);
        TickFileReader reader = open(broken);

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(reader.malformedCount()).isEqualTo(4);
        assertThat(got.trades).hasSize(12_477 - 3);
        assertThat(got.trades.subList(0, 2)).extracting(TradeTick::tradeId).containsExactly(13_519_807L, 13_519_811L);
    }

    @Test
    void aLineWithMoreColumnsIsRejectedAsSyntax() throws IOException {
        Path csv = dir.resolve("XRPETH-aggTrades-extra.csv");
        Files.writeString(csv, "13519807,0.00141342,23,13519807,13519807,1570752011620,True,True\n"
                + "13519808,0.00141266,54,13519808,13519808,1570752011620,True,True,garbage\n"
                + "13519809,0.00141266,8,13519809,13519809,1570752017964,True,True\n");
        TickFileReader reader = open(csv);
        assertThat(CollectedTicks.readAll(reader).trades).extracting(TradeTick::tradeId)
                .containsExactly(13_519_807L, 13_519_809L);
        assertThat(reader.rejectedCount(TickValidator.Reason.SYNTAX)).isEqualTo(1);
    }
}
