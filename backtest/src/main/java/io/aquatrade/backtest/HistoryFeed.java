package io.aquatrade.backtest;

import io.aquatrade.common.Bar;
import io.aquatrade.common.BarListener;
import io.aquatrade.common.MarketDataListener;
import io.aquatrade.common.MemoryTopic;
import io.aquatrade.common.ProgressPublisher;
import io.aquatrade.common.QuoteTick;
import io.aquatrade.common.Side;
import io.aquatrade.common.TradeTick;

/**
 * A backtest's market-data process: writes rows {@code [from, to)} of a {@link MarketHistory} on the in-memory
 * {@code market-data} topic, with {@link io.aquatrade.common.Progress} watermarks and an end-of-stream mark as the
 * replay writes them on the queue, so the components downstream run exactly as behind a replay.
 *
 * <p><b>Ticks</b> go out as they are. After each batch the watermark is the next row's event time (nothing written
 * later is earlier), as the replay's.
 *
 * <p><b>Bars</b> (candle files) go out twice: each bar on the input-bars topic, read by the signal engine in place of
 * market data, and, for the router and the decision engine, a trade at the bar's close price stamped with its close
 * time (quantity: the bar's volume; aggressor: BUY if the bar closed at or above its open), so a candle backtest fills
 * at the close of the signal bar, plus slippage. A bar with volume 0 gets no trade (a trade needs a quantity; the
 * last price is that close anyway). Watermarks are the next row's time here too; the signal engine's cycle keeps its
 * clock 1 ns below them (see {@code SignalCycle.overBars}), since a bar stamped C covers up to C - 1 ns.
 *
 * <p>Writes at most {@value #BATCH} rows per pass and only while the topics' readers have fewer than
 * {@value #MAX_BACKLOG} entries left to read, which bounds the topics' memory. Single-threaded.
 */
final class HistoryFeed {
    /** Most rows written per pass. */
    static final int BATCH = 128;
    /** No row is written while a topic holds this many entries some reader has not consumed. */
    static final int MAX_BACKLOG = 128;
    /** The writing process's name, as on the queue. */
    static final String SOURCE = "market-data";

    private final MarketHistory history;
    private final int from;
    private final int to;
    private final MemoryTopic<MarketDataListener> marketDataTopic;
    private final MemoryTopic<BarListener> barTopic;
    private final ProgressPublisher progress;
    private int next;

    /**
     * @param history    the recorded data
     * @param from       first row written
     * @param to         row after the last one written
     * @param marketData the market-data topic
     * @param bars       the input-bars topic when the history holds bars, else null
     */
    HistoryFeed(MarketHistory history, int from, int to, MemoryTopic<MarketDataListener> marketData,
                MemoryTopic<BarListener> bars) {
        this.history = history;
        this.from = from;
        this.next = from;
        this.to = to;
        this.marketDataTopic = marketData;
        this.barTopic = bars;
        this.progress = bars == null ? new ProgressPublisher(SOURCE, marketData.writer())
                : new ProgressPublisher(SOURCE, marketData.writer(), bars.writer());
    }

    /**
     * Writes the next batch of rows and the watermark after it, or the end-of-stream mark once every row is out.
     *
     * @return rows and marks written; 0 when waiting for readers or done
     */
    int doWork() {
        if (progress.ended()) {
            return 0;
        }
        int room = MAX_BACKLOG - marketDataTopic.backlog();
        if (barTopic != null) {
            room = Math.min(room, MAX_BACKLOG - barTopic.backlog());
        }
        // a row writes at most one entry per topic
        int rows = Math.min(Math.min(room, BATCH), to - next);
        int n = 0;
        while (n < rows) {
            write(next++);
            n++;
        }
        if (next < to) {
            long nextNs = history.eventTimeNs(next);
            if (progress.publish(nextNs)) {
                n++;
            }
        } else {
            progress.endOfStream(to > from ? history.eventTimeNs(to - 1) : 0);
            n++;
        }
        return n;
    }

    /** Writes one row in place into the topics' slots (no copy). */
    private void write(int row) {
        switch (history.kind(row)) {
            case TRADE:
                history.trade(row, marketDataTopic.claim(TradeTick.class));
                marketDataTopic.publish();
                break;
            case QUOTE:
                history.quote(row, marketDataTopic.claim(QuoteTick.class));
                marketDataTopic.publish();
                break;
            default:
                Bar bar = history.bar(row, barTopic.claim(Bar.class));
                barTopic.publish();
                if (bar.volume() > 0) {
                    marketDataTopic.claim(TradeTick.class).instrument(bar.instrument())
                            .price(bar.close())
                            .quantity(bar.volume())
                            .aggressorSide(bar.close() >= bar.open() ? Side.BUY : Side.SELL)
                            .eventTimeNs(bar.eventTimeNs());
                    marketDataTopic.publish();
                }
                break;
        }
    }

    /** @return true once the end-of-stream mark is written */
    boolean ended() {
        return progress.ended();
    }
}
