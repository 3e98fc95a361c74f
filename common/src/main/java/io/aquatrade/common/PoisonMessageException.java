package io.aquatrade.common;

/**
 * Thrown out of {@link TopicReader#dispatch} when a message failed every attempt under
 * {@code runtime.poisonMessage.action: halt}, after its dead letter was written: the message is left unconsumed and
 * the {@link AgentRunner} ends the process with {@link ProcessCli#EXIT_POISON_HALT}.
 */
public final class PoisonMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final long index;

    /**
     * @param topic the topic's name
     * @param index the message's queue index
     * @param cause what the last attempt threw
     */
    public PoisonMessageException(String topic, long index, Throwable cause) {
        super("poison message at " + topic + " index " + Long.toHexString(index) + ": " + cause, cause);
        this.topic = topic;
        this.index = index;
    }

    /** @return the topic's name */
    public String topic() {
        return topic;
    }

    /** @return the message's queue index */
    public long index() {
        return index;
    }
}
