package io.aquatrade.marketdata.binance;

import static io.aquatrade.marketdata.binance.RecordedBinance.BTCUSDT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aquatrade.marketdata.TickValidator.Reason;
import io.aquatrade.marketdata.replay.ReplayFile;
import io.aquatrade.marketdata.replay.ReplayFormat;
import io.aquatrade.marketdata.replay.TickFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strict-JSON rules of {@link BinanceJson}, and that the live path ({@link BinanceStreamAdapters}) and the replay
 * of a capture ({@code BinanceCaptureReader}) reject the same edited real messages for the same hand-worked reasons.
 */
class BinanceJsonTest {
    private static final long RECEIVED = 1_723_161_254_087_896_568L;
    /** The first trade and book ticker of the BTCUSDT recording, verbatim (received at {@link #RECEIVED}). */
    private static final String TRADE = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161255343,"
            + "\"s\":\"BTCUSDT\",\"t\":3735683259,\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,"
            + "\"m\":true,\"M\":true}}";
    private static final String QUOTE = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093239212,"
            + "\"s\":\"BTCUSDT\",\"b\":\"61837.63000000\",\"B\":\"3.78826000\",\"a\":\"61837.64000000\","
            + "\"A\":\"1.54698000\"}}";

    @TempDir
    Path dir;

    private static void read(String json) throws IOException {
        try (JsonParser p = BinanceJson.FACTORY.createParser(json)) {
            BinanceJson.readDocument(p);
        }
    }

    @Test
    void aKeyGivenTwiceAtAnyDepthIsADuplicateKeyAndOtherFaultsAreNot() throws IOException {
        read(TRADE);
        read(QUOTE);
        for (String twice : List.of(
                TRADE.replace("\"p\":\"61837.63000000\"", "\"p\":\"1\",\"p\":\"61837.63000000\""),
                TRADE.replace("{\"stream\":\"btcusdt@trade\"", "{\"stream\":\"btcusdt@trade\",\"stream\":\"x\""),
                TRADE.replace("\"M\":true", "\"M\":[{\"x\":1,\"x\":2}]"))) {
            assertThatThrownBy(() -> read(twice)).as(twice).isInstanceOf(BinanceJson.DuplicateKeyException.class);
        }
        for (String broken : List.of(TRADE.substring(0, 40), TRADE + " garbage", TRADE + TRADE, "", "garbage",
                TRADE.replace("\"61837.63000000\"", "NaN"))) {
            assertThatThrownBy(() -> read(broken)).as(broken).isInstanceOf(JsonParseException.class)
                    .isNotInstanceOf(BinanceJson.DuplicateKeyException.class);
        }
    }

    @Test
    void theTypeOfEachPayloadField() {
        assertThat(BinanceJson.hasType("p", JsonToken.VALUE_STRING, false)).isTrue();
        assertThat(BinanceJson.hasType("p", JsonToken.VALUE_NUMBER_FLOAT, false)).isFalse();
        assertThat(BinanceJson.hasType("t", JsonToken.VALUE_NUMBER_INT, true)).isTrue();
        assertThat(BinanceJson.hasType("t", JsonToken.VALUE_NUMBER_INT, false)).isFalse();
        assertThat(BinanceJson.hasType("m", JsonToken.VALUE_FALSE, false)).isTrue();
        assertThat(BinanceJson.hasType("m", JsonToken.VALUE_STRING, false)).isFalse();
        assertThat(BinanceJson.hasType("a", JsonToken.VALUE_NUMBER_INT, true)).isTrue();
        assertThat(BinanceJson.hasType("a", JsonToken.VALUE_TRUE, false)).isFalse();
        assertThat(BinanceJson.hasType("M", JsonToken.START_OBJECT, false)).isTrue();
    }

    /** One real message edited per row, and the reason hand-worked for it. */
    private record Edit(String what, String message, Reason reason) {
    }

    @Test
    void theLivePathAndTheCaptureReplayRejectTheSameMessagesForTheSameReasons() throws IOException {
        List<Edit> edits = List.of(
                new Edit("duplicate key in data", TRADE.replace("\"p\":\"61837.63000000\"",
                        "\"p\":\"1\",\"p\":\"61837.63000000\""), Reason.DUPLICATE_KEY),
                new Edit("duplicate key in the envelope", TRADE.replace("{\"stream\":\"btcusdt@trade\"",
                        "{\"stream\":\"btcusdt@trade\",\"stream\":\"btcusdt@trade\""), Reason.DUPLICATE_KEY),
                new Edit("duplicate key in a field not read", TRADE.replace("\"M\":true", "\"M\":{\"x\":1,\"x\":2}"),
                        Reason.DUPLICATE_KEY),
                new Edit("trailing garbage", TRADE + " x", Reason.SYNTAX),
                new Edit("truncated", TRADE.substring(0, 60), Reason.SYNTAX),
                new Edit("price a JSON number", TRADE.replace("\"61837.63000000\"", "61837.63"), Reason.WRONG_TYPE),
                new Edit("trade id a string", TRADE.replace("3735683259", "\"3735683259\""), Reason.WRONG_TYPE),
                new Edit("trade id beyond a long", TRADE.replace("3735683259", "92233720368547758070"),
                        Reason.WRONG_TYPE),
                new Edit("maker flag a string", TRADE.replace("\"m\":true", "\"m\":\"true\""), Reason.WRONG_TYPE),
                new Edit("update id a string", QUOTE.replace("50093239212", "\"50093239212\""), Reason.WRONG_TYPE),
                new Edit("ask a boolean", QUOTE.replace("\"a\":\"61837.64000000\"", "\"a\":true"),
                        Reason.WRONG_TYPE),
                new Edit("price NaN", TRADE.replace("\"61837.63000000\"", "\"NaN\""), Reason.NOT_A_NUMBER),
                new Edit("price finer than a cent", TRADE.replace("\"61837.63000000\"", "\"61837.635\""),
                        Reason.TOO_MANY_DECIMALS),
                new Edit("quantity beyond a long", TRADE.replace("\"0.02000000\"", "\"92233720368547.75808\""),
                        Reason.OUT_OF_RANGE));

        Map<Reason, Long> live = new EnumMap<>(Reason.class);
        for (Edit e : edits) {
            assertThatThrownBy(() -> BinanceStreamAdapters.fromCombinedStream(e.message(),
                    BinanceStreamAdapters.routes(List.of(BTCUSDT)), RECEIVED))
                    .as(e.what()).isInstanceOf(MalformedMessageException.class)
                    .extracting(x -> ((MalformedMessageException) x).kind()).isEqualTo(e.reason());
            live.merge(e.reason(), 1L, Long::sum);
        }

        List<String> lines = new ArrayList<>();
        lines.add(RECEIVED + " " + TRADE);
        for (Edit e : edits) {
            lines.add(RECEIVED + " " + e.message());
        }
        lines.add(RECEIVED + " " + QUOTE);
        Path file = dir.resolve("btcusdt_edited.txt");
        Files.write(file, lines, StandardCharsets.UTF_8);
        Map<Reason, Long> replay = new EnumMap<>(Reason.class);
        int ticks = 0;
        try (TickFileReader reader = TickFileReader.open(new ReplayFile(file, ReplayFormat.BINANCE_CAPTURE, null),
                List.of(BTCUSDT))) {
            while (reader.next()) {
                ticks++;
            }
            for (Reason r : Reason.values()) {
                if (reader.rejectedCount(r) > 0) {
                    replay.put(r, reader.rejectedCount(r));
                }
            }
        }
        assertThat(ticks).as("the unedited trade and quote").isEqualTo(2);
        assertThat(replay).isEqualTo(live);
    }
}
