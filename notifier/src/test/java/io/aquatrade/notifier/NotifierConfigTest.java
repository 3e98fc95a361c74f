package io.aquatrade.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import io.aquatrade.common.AquatradeConfig;
import io.aquatrade.common.ConfigException;
import org.junit.jupiter.api.Test;

class NotifierConfigTest {
    private static final String BASE = "instruments:\n  - {symbol: XRPETH, base: XRP, quote: ETH, priceDecimals: 8, "
            + "sizeDecimals: 0}\n";

    private static NotifierConfig parse(String alerts) {
        return NotifierConfig.from(AquatradeConfig.parse(Path.of("test.yaml"), BASE + "alerts:\n" + alerts));
    }

    @Test
    void defaultsWithoutASectionSendToTheLogOnly() {
        NotifierConfig c = NotifierConfig.from(AquatradeConfig.parse(Path.of("test.yaml"), BASE));
        assertThat(c.telegram()).isNull();
        assertThat(c.webhook()).isNull();
        assertThat(c.retries()).isEqualTo(5);
        assertThat(c.backoffMs()).isEqualTo(1_000);
        assertThat(c.maxBackoffMs()).isEqualTo(60_000);
        assertThat(c.dedupWindowMs()).isEqualTo(600_000);
        assertThat(c.throttle()).isEqualTo(new NotifierConfig.Throttle(20, 60_000));
        assertThat(c.staleFeedMs()).isEqualTo(60_000);
        assertThat(NotifierMain.channels(c, Map.of())).isEmpty();
    }

    @Test
    void theTokenComesFromTheEnvironmentVariableTheConfigNames() {
        NotifierConfig c = parse("  telegram: {chatId: \"-100123\"}\n  webhook: {url: \"https://hooks.example/x\"}\n");
        assertThat(c.telegram().botToken()).isEqualTo("env:AQUATRADE_TELEGRAM_BOT_TOKEN");
        assertThat(c.telegram().apiUrl()).isEqualTo("https://api.telegram.org");
        assertThat(c.telegram().token(Map.of("AQUATRADE_TELEGRAM_BOT_TOKEN", "1:abc"))).isEqualTo("1:abc");
        assertThat(NotifierMain.channels(c, Map.of("AQUATRADE_TELEGRAM_BOT_TOKEN", "1:abc")))
                .extracting(Channel::name).containsExactly("telegram", "webhook");
        NotifierConfig other = parse("  telegram: {botToken: \"env:MY_BOT\", chatId: \"1\"}\n");
        assertThat(other.telegram().token(Map.of("MY_BOT", "2:def"))).isEqualTo("2:def");
    }

    @Test
    void aTokenWrittenInTheConfigIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> parse("  telegram: {botToken: \"123456:SECRETSECRET\", chatId: \"1\"}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alerts.telegram.botToken")
                .hasMessageContaining("env:VARIABLE")
                .hasMessageNotContaining("SECRETSECRET");
    }

    @Test
    void anUnsetTokenVariableStopsStartUpNamingTheVariable() {
        NotifierConfig c = parse("  telegram: {chatId: \"1\"}\n");
        assertThatThrownBy(() -> NotifierMain.channels(c, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alerts.telegram.botToken")
                .hasMessageContaining("AQUATRADE_TELEGRAM_BOT_TOKEN");
    }

    @Test
    void badValuesNameTheirField() {
        assertThatThrownBy(() -> parse("  telegram: {}\n")).hasMessageContaining("alerts.telegram.chatId");
        assertThatThrownBy(() -> parse("  webhook: {url: \"ftp://x\"}\n")).hasMessageContaining("alerts.webhook.url");
        assertThatThrownBy(() -> parse("  retries: 0\n")).hasMessageContaining("alerts.retries");
        assertThatThrownBy(() -> parse("  backoffMs: 5000\n  maxBackoffMs: 10\n"))
                .hasMessageContaining("alerts.maxBackoffMs");
        assertThatThrownBy(() -> parse("  throttle: {perKind: 0}\n")).hasMessageContaining("alerts.throttle.perKind");
        assertThatThrownBy(() -> parse("  webhok: {url: \"http://x\"}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("webhok");
    }

    @Test
    void theSenderBacksOffExponentiallyUpToItsCap() {
        NotifierConfig c = parse("  backoffMs: 100\n  maxBackoffMs: 1000\n");
        ChannelSender s = new ChannelSender(null, null, c, null);
        assertThat(new long[] {s.backoffMs(1), s.backoffMs(2), s.backoffMs(3), s.backoffMs(4), s.backoffMs(5),
                s.backoffMs(30)}).containsExactly(100, 200, 400, 800, 1000, 1000);
    }
}
