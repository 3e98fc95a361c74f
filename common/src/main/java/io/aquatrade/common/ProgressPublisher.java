package io.aquatrade.common;

/**
 * Writes a process's {@link Progress} watermarks on the topics it writes: after a pass, the agent passes its inputs'
 * low watermark (see {@link Sequencer#lowWatermarkNs()}); a watermark is written only when it advanced, and
 * {@link Long#MAX_VALUE} (every input at its end) is never written as a time. When every input has ended, the agent
 * calls {@link #endOfStream(long)} once, which tells the readers downstream that this writer is done.
 *
 * <p>Outputs must be stamped with the event time of the input that caused them, so that they never go below a
 * watermark already written.
 */
public final class ProgressPublisher {
    private final String source;
    private final ProgressListener[] outputs;
    private final Progress progress = new Progress();
    private long publishedNs = Long.MIN_VALUE;
    /** The last market-data promise written ({@link Progress#marketDataNs()}), 0 before the first. */
    private long publishedMarketDataNs;
    private boolean ended;

    /**
     * @param source  the writing process's name
     * @param outputs method writers of every topic the process writes
     */
    public ProgressPublisher(String source, ProgressListener... outputs) {
        this.source = source;
        this.outputs = outputs.clone();
    }

    /**
     * Writes a watermark if it advanced.
     *
     * @param watermarkNs no later output will have an earlier event time, UTC epoch ns
     * @return true if a watermark was written
     */
    public boolean publish(long watermarkNs) {
        if (ended || watermarkNs <= publishedNs || watermarkNs == Long.MAX_VALUE) {
            return false;
        }
        publishedNs = watermarkNs;
        write(false);
        return true;
    }

    /**
     * Writes a watermark if it or the market-data promise advanced (see {@link Progress#marketDataNs()}), or if
     * {@code wroteOutput}: a reader that reasons about this writer's state (which requests it has answered) needs a
     * watermark after each group of outputs, even one that promises nothing new.
     *
     * @param watermarkNs  no later output will have an earlier event time, UTC epoch ns
     * @param marketDataNs no later output caused by market data will have an earlier event time, UTC epoch ns
     * @param wroteOutput  true if outputs were written since the last call
     * @return true if a watermark was written
     */
    public boolean publish(long watermarkNs, long marketDataNs, boolean wroteOutput) {
        if (ended) {
            return false;
        }
        boolean advanced = watermarkNs > publishedNs && watermarkNs != Long.MAX_VALUE;
        boolean promised = marketDataNs > publishedMarketDataNs;
        if (!advanced && !promised && !wroteOutput) {
            return false;
        }
        if (advanced) {
            publishedNs = watermarkNs;
        }
        if (promised) {
            publishedMarketDataNs = marketDataNs;
        }
        write(false);
        return true;
    }

    /**
     * Writes the end-of-stream mark once.
     *
     * @param lastEventTimeNs event time of the last output, UTC epoch ns
     * @return true if it was written now, false if already written before
     */
    public boolean endOfStream(long lastEventTimeNs) {
        return endOfStream(lastEventTimeNs, false);
    }

    /**
     * Writes the end-of-stream mark once, saying whether the writer read all its input.
     *
     * @param lastEventTimeNs event time of the last output, UTC epoch ns
     * @param incomplete      true if part of the input could not be read (see {@link Progress#incomplete()})
     * @return true if it was written now, false if already written before
     */
    public boolean endOfStream(long lastEventTimeNs, boolean incomplete) {
        if (ended) {
            return false;
        }
        ended = true;
        publishedNs = Math.max(publishedNs, lastEventTimeNs);
        write(true, incomplete);
        return true;
    }

    private void write(boolean end) {
        write(end, false);
    }

    private void write(boolean end, boolean incomplete) {
        for (ProgressListener out : outputs) {
            progress.reset();
            progress.source(source).eventTimeNs(publishedNs).endOfStream(end).incomplete(incomplete)
                    .marketDataNs(publishedMarketDataNs);
            out.progress(progress);
        }
    }

    /** @return the last watermark written, UTC epoch ns, or {@link Long#MIN_VALUE} */
    public long publishedNs() {
        return publishedNs;
    }

    /** @return true once end-of-stream was written */
    public boolean ended() {
        return ended;
    }
}
