package io.aquatrade.fakebinance;

/** Told of each recorded market event as the fake exchange replays it. */
@FunctionalInterface
interface MarketEventListener {
    /**
     * One event replayed, before the exchange matches orders against it.
     *
     * @param market the symbol it belongs to
     * @param event  the recorded trade or book ticker
     */
    void onEvent(Market market, MarketEvent event);
}
