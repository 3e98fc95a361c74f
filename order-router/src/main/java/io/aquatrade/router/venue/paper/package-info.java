/**
 * The paper venue: fills orders at once (immediate-or-cancel; market orders and marketable limit orders at the
 * market price) against the latest prices the router saw on {@code market-data}, charges a taker fee and checks the
 * router's account — a spot account by default, or a margin account that may sell short up to a limit in the quote
 * asset ({@code allowShort}, {@code maxShortNotional}) — all with exact fixed-point money and without touching a real
 * venue. See {@link io.aquatrade.router.venue.paper.PaperVenue} for the fill rules and
 * {@link io.aquatrade.router.venue.paper.PaperVenueConfig} for its config section ({@code order-router.paper}).
 */
package io.aquatrade.router.venue.paper;
