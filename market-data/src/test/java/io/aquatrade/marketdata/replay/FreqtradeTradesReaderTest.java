package io.aquatrade.marketdata.replay;

import static io.aquatrade.marketdata.replay.CollectedTicks.XRPETH;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.aquatrade.common.Instrument;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;
import io.aquatrade.common.testing.SampleData;
import io.aquatrade.marketdata.TickValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreqtradeTradesReaderTest {
    @TempDir
    Path dir;

    static CollectedTicks read(Path file, Instrument instrument) {
        ReplayFile f = new ReplayFile(file, ReplayFormat.FREQTRADE_TRADES, instrument.symbol());
        return CollectedTicks.readAll(TickFileReader.open(f, List.of(instrument)));
    }

    static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsEveryXrpEthTradeExactly() {
        CollectedTicks got = read(SampleData.file("XRP_ETH-trades.json.gz"), XRPETH);

        assertThat(got.trades).hasSize(12_477);
        assertThat(got.quotes).isEmpty();
        TradeTick first = got.trades.get(0);
        // [1570752011620,"13519807",null,"sell",0.00141342,23.0,0.03250866]
        assertThat(first.instrument()).isEqualTo("XRPETH");
        assertThat(first.eventTimeNs()).isEqualTo(1_570_752_011_620_000_000L);
        assertThat(first.tradeId()).isEqualTo(13_519_807L);
        assertThat(first.aggressorSide()).isEqualTo(Side.SELL);
        assertThat(first.price()).isEqualTo(141_342L);
        assertThat(first.quantity()).isEqualTo(23L);
        assertThat(first.receivedTimeNs()).isZero();
        // [1570752028907,"13519810",null,"buy",0.00141379,581.0,0.82141199]
        assertThat(got.trades.get(3).aggressorSide()).isEqualTo(Side.BUY);
        assertThat(got.trades.get(3).price()).isEqualTo(141_379L);
        assertThat(got.trades.get(3).quantity()).isEqualTo(581L);
        // [1570965568844,"13532283",null,"sell",0.00152787,130.0,0.1986231]
        TradeTick last = got.trades.get(12_476);
        assertThat(last.eventTimeNs()).isEqualTo(1_570_965_568_844_000_000L);
        assertThat(last.tradeId()).isEqualTo(13_532_283L);
        assertThat(last.aggressorSide()).isEqualTo(Side.SELL);
        assertThat(last.price()).isEqualTo(152_787L);
        assertThat(last.quantity()).isEqualTo(130L);
        for (int i = 0; i < got.trades.size(); i++) {
            assertThat(got.trades.get(i).tradeId()).isEqualTo(13_519_807L + i);
        }
        // the fixture parses the same file independently (tree model, BigDecimal)
        assertThat(got.trades).containsExactlyElementsOf(SampleData.xrpEthTrades());
    }

    @Test
    void sideIsTheTakerSideAsWritten() throws IOException {
        String text = gunzip(SampleData.file("XRP_ETH-trades.json.gz"));
        long buysInText = text.split("\"buy\"", -1).length - 1;
        long sellsInText = text.split("\"sell\"", -1).length - 1;

        CollectedTicks got = read(SampleData.file("XRP_ETH-trades.json.gz"), XRPETH);

        assertThat(got.trades.stream().filter(t -> t.aggressorSide() == Side.BUY).count()).isEqualTo(buysInText);
        assertThat(got.trades.stream().filter(t -> t.aggressorSide() == Side.SELL).count()).isEqualTo(sellsInText);
        assertThat(buysInText + sellsInText).isEqualTo(12_477);
    }

    @Test
    void objectFormGivesIdenticalTicks() {
        CollectedTicks rows = read(SampleData.file("XRP_ETH-trades.json.gz"), XRPETH);
        CollectedTicks objects = read(SampleData.file("XRP_OLD-trades.json.gz"), XRPETH);

        assertThat(objects.trades).hasSize(12_477).containsExactlyElementsOf(rows.trades);
    }

    @Test
    void plainJsonReadsLikeGzip() throws IOException {
        Path plain = dir.resolve("XRP_ETH-trades.json");
        Files.writeString(plain, gunzip(SampleData.file("XRP_ETH-trades.json.gz")));

        assertThat(read(plain, XRPETH).trades)
                .containsExactlyElementsOf(read(SampleData.file("XRP_ETH-trades.json.gz"), XRPETH).trades);
    }

    @Test
    void valuesWithMoreDecimalsThanTheInstrumentAreMalformedNotRounded() {
        Instrument coarse = new Instrument("XRPETH", "XRP", "ETH", 5, 0);
        ReplayFile f = new ReplayFile(SampleData.file("XRP_ETH-trades.json.gz"), ReplayFormat.FREQTRADE_TRADES,
                "XRPETH");
        TickFileReader reader = TickFileReader.open(f, List.of(coarse));
        List<TradeTick> exact = SampleData.xrpEthTrades();
        // at 5 decimals only prices like 0.00141 (8-decimal mantissa a multiple of 1000) are exact
        List<TradeTick> fit = exact.stream().filter(t -> t.price() % 1000 == 0).toList();
        assertThat(fit).isNotEmpty().hasSizeLessThan(exact.size());

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(reader.malformedCount()).isEqualTo(exact.size() - fit.size());
        assertThat(got.trades).extracting(TradeTick::tradeId).containsExactlyElementsOf(
                fit.stream().map(TradeTick::tradeId).toList());
        assertThat(got.trades).extracting(TradeTick::price).containsExactlyElementsOf(
                fit.stream().map(t -> t.price() / 1000).toList());
    }

    @Test
    void malformedRecordsAreCountedAndSkipped() throws IOException {
        String text = gunzip(SampleData.file("XRP_ETH-trades.json.gz"));
        String broken = text
                .replaceFirst("^\\[", "[42,[1,2],")                           // not a row; too few values
                .replace("\"13519808\",null,\"sell\"", "\"13519808\",null,\"hold\"")  // unknown side
                .replaceFirst("0\\.00141266,8\\.0,", "0.001412661,8.0,")          // 9 decimals for an 8-decimal price
                .replace("[1570752028990,\"13519811\"", "[\"soon\",\"13519811\""); // timestamp not a number
        assertThat(broken).isNotEqualTo(text);
        Path file = dir.resolve("XRP_ETH-trades.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(broken.getBytes(StandardCharsets.UTF_8));
        }
        ReplayFile f = new ReplayFile(file, ReplayFormat.FREQTRADE_TRADES, "XRPETH");
        TickFileReader reader = TickFileReader.open(f, List.of(XRPETH));

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(reader.malformedCount()).isEqualTo(5);
        assertThat(got.trades).hasSize(12_477 - 3);
        assertThat(got.trades.subList(0, 2)).extracting(TradeTick::tradeId).containsExactly(13_519_807L, 13_519_810L);
        assertThat(got.trades.get(got.trades.size() - 1).tradeId()).isEqualTo(13_532_283L);
    }

    @Test
    void aTruncatedFileEndsWhereItBreaks() throws IOException {
        String text = gunzip(SampleData.file("XRP_ETH-trades.json.gz"));
        int cut = text.indexOf("\"13519812\"");
        Path file = dir.resolve("truncated.json");
        Files.writeString(file, text.substring(0, cut));
        TickFileReader reader = TickFileReader.open(new ReplayFile(file, ReplayFormat.FREQTRADE_TRADES, "XRPETH"),
                List.of(XRPETH));

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(got.trades).extracting(TradeTick::tradeId)
                .containsExactly(13_519_807L, 13_519_808L, 13_519_809L, 13_519_810L, 13_519_811L);
        assertThat(reader.malformedCount()).isEqualTo(1);
        assertThat(reader.incomplete()).isTrue();
        assertThat(reader.next()).isFalse();
    }

    @Test
    void aSyntaxErrorMidArrayStopsTheFileAndMarksItIncomplete() throws IOException {
        String text = gunzip(SampleData.file("XRP_ETH-trades.json.gz"));
        int at = text.indexOf("\"13519812\"");
        Path file = dir.resolve("broken.json");
        Files.writeString(file, text.substring(0, at) + "}" + text.substring(at)); // a '}' inside a row: unreadable
        TickFileReader reader = TickFileReader.open(new ReplayFile(file, ReplayFormat.FREQTRADE_TRADES, "XRPETH"),
                List.of(XRPETH));

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(got.trades).hasSize(5);
        assertThat(reader.incomplete()).isTrue();
        assertThat(reader.malformedCount()).isEqualTo(1);
    }

    @Test
    void aRecordWithBadValuesIsMalformedButTheFileIsComplete() throws IOException {
        String text = gunzip(SampleData.file("XRP_ETH-trades.json.gz"));
        Path file = dir.resolve("bad-record.json");
        Files.writeString(file, text.replaceFirst("\"13519812\"", "\"not-an-id\""));
        TickFileReader reader = TickFileReader.open(new ReplayFile(file, ReplayFormat.FREQTRADE_TRADES, "XRPETH"),
                List.of(XRPETH));

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(got.trades).hasSize(12_477 - 1);
        assertThat(reader.malformedCount()).isEqualTo(1);
        assertThat(reader.incomplete()).isFalse();
    }

    @Test
    void badRecordsAreRejectedByKindAndABadTimeCannotMoveTheClock() throws IOException {
        // The sample's first six trades as ccxt objects, with bad records between them.
        String json = """
                [{"timestamp":1570752011620,"id":"13519807","side":"sell","price":0.00141342,"amount":23.0},
                 {"timestamp":1570752011620,"id":"999","side":"sell","price":1,"price":0.00141266,"amount":54.0},
                 {"timestamp":1570752011620,"id":"13519808","side":"sell","price":0.00141266,"amount":54.0},
                 {"timestamp":4102444800000,"id":"998","side":"sell","price":0.00141266,"amount":8.0},
                 {"timestamp":1570752017964,"id":"13519809","side":"sell","price":0.00141266,"amount":8.0},
                 {"timestamp":1000,"id":"997","side":"buy","price":0.00141379,"amount":581.0},
                 {"timestamp":1570752028907,"id":"13519810","side":"buy","price":0.00141379,"amount":581.0},
                 {"timestamp":1570752028907,"id":"13519810","side":"buy","price":0.00141379,"amount":581.0},
                 {"timestamp":1570752028990,"id":"13519811","side":"buy","price":"NaN","amount":590.0},
                 {"timestamp":1570752028990,"id":"13519811","side":"buy","price":{"v":1},"amount":590.0},
                 {"timestamp":1570752028990,"id":"13519811","side":"buy","amount":590.0},
                 {"timestamp":1570752028990,"id":"996","side":"buy","price":14.1379,"amount":590.0},
                 {"timestamp":1570752028990,"id":"13519811","side":"buy","price":0.00141379,"amount":590.0},
                 [1570752033759, "13519812", null, "buy", 0.00141557, 11.0, 0.015571269999999998]]
                """;
        Path file = dir.resolve("XRP_ETH-hostile.json");
        Files.writeString(file, json);
        ReplayFile f = new ReplayFile(file, ReplayFormat.FREQTRADE_TRADES, "XRPETH");
        TickFileReader reader = TickFileReader.open(f, List.of(XRPETH));

        CollectedTicks got = CollectedTicks.readAll(reader);

        assertThat(got.trades).extracting(TradeTick::tradeId)
                .containsExactly(13_519_807L, 13_519_808L, 13_519_809L, 13_519_810L, 13_519_811L, 13_519_812L);
        assertThat(got.trades).extracting(TradeTick::eventTimeNs).isSorted()
                .allMatch(t -> t < 1_570_800_000_000_000_000L);
        assertThat(reader.rejectedCount(TickValidator.Reason.DUPLICATE_KEY)).isEqualTo(1);
        assertThat(reader.rejectedCount(TickValidator.Reason.TIME_LEAP)).isEqualTo(1);       // 2100, held, denied
        assertThat(reader.rejectedCount(TickValidator.Reason.TIME_IMPLAUSIBLE)).isEqualTo(1); // 1970
        assertThat(reader.rejectedCount(TickValidator.Reason.DUPLICATE_TRADE_ID)).isEqualTo(1);
        assertThat(reader.rejectedCount(TickValidator.Reason.NOT_A_NUMBER)).isEqualTo(1);
        assertThat(reader.rejectedCount(TickValidator.Reason.WRONG_TYPE)).isEqualTo(1);
        assertThat(reader.rejectedCount(TickValidator.Reason.MISSING_FIELD)).isEqualTo(1);
        assertThat(reader.rejectedCount(TickValidator.Reason.PRICE_JUMP)).isEqualTo(1);       // 14.1379, 10,000x
        assertThat(reader.malformedCount()).isEqualTo(8);
    }

    @Test
    void aWrongTypeInARowIsAWrongTypeNotAMissingField() throws IOException {
        // the sample's first three rows, the second with its price as true and the third with its amount as an array
        Path file = dir.resolve("XRP_ETH-row-types.json");
        Files.writeString(file, "[[1570752011620,\"13519807\",null,\"sell\",0.00141342,23.0,0.03250866],"
                + "[1570752011620,\"13519808\",null,\"sell\",true,54.0,0.07628364],"
                + "[1570752017964,\"13519809\",null,\"sell\",0.00141266,[8.0],0.01130128]]");
        TickFileReader reader = TickFileReader.open(new ReplayFile(file, ReplayFormat.FREQTRADE_TRADES, "XRPETH"),
                List.of(XRPETH));

        assertThat(CollectedTicks.readAll(reader).trades).extracting(TradeTick::tradeId).containsExactly(13_519_807L);
        assertThat(reader.rejectedCount(TickValidator.Reason.WRONG_TYPE)).isEqualTo(2);
        assertThat(reader.rejectedCount(TickValidator.Reason.MISSING_FIELD)).isZero();
        assertThat(reader.incomplete()).isFalse();
    }

    @Test
    void contentAfterTheTradeListIsAnError() throws IOException {
        Path file = dir.resolve("XRP_ETH-trailing.json");
        Files.writeString(file, "[[1570752011620, \"13519807\", null, \"sell\", 0.00141342, 23.0, 0.03]] [1]");
        ReplayFile f = new ReplayFile(file, ReplayFormat.FREQTRADE_TRADES, "XRPETH");
        TickFileReader reader = TickFileReader.open(f, List.of(XRPETH));
        assertThat(CollectedTicks.readAll(reader).trades).hasSize(1);
        assertThat(reader.rejectedCount(TickValidator.Reason.SYNTAX)).isEqualTo(1);
    }
}
