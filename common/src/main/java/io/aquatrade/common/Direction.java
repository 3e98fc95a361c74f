package io.aquatrade.common;

/** What a signal asks for: be long, be short, or be flat (close any position). */
public enum Direction {
    LONG, SHORT, FLAT
}
