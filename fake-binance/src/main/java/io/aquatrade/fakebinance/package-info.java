/**
 * A local Binance spot exchange for tests and dry runs: the REST endpoints XChange's Binance client calls,
 * HMAC-SHA256 request signing checked as Binance checks it, and a matching engine whose market is a replay of
 * recorded Binance trades and book tickers. {@link io.aquatrade.fakebinance.FakeBinanceMain} is the command,
 * {@link io.aquatrade.fakebinance.FakeBinanceServer} the HTTP side, {@link io.aquatrade.fakebinance.FakeExchange}
 * the accounts, orders and matching, {@link io.aquatrade.fakebinance.CaptureFile} the recorded market.
 */
package io.aquatrade.fakebinance;
