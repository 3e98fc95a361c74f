package io.aquatrade.common;

/**
 * A topic that has never been written: what a read-only {@link QueueRoot} reads where a topic's queue does not exist,
 * so that looking creates nothing. Stateless.
 */
final class EmptyTopicSource implements TopicSource {
    static final EmptyTopicSource INSTANCE = new EmptyTopicSource();

    private EmptyTopicSource() {
    }

    @Override
    public int next(TopicReader<?> reader) {
        return -1;
    }

    @Override
    public Object message() {
        throw new IllegalStateException("an empty topic has no message");
    }

    @Override
    public long eventTimeNs() {
        throw new IllegalStateException("an empty topic has no message");
    }

    @Override
    public long position() {
        throw new IllegalStateException("an empty topic has no message");
    }

    @Override
    public long consumedPosition() {
        return -1; // nothing consumed: there is nothing to consume
    }

    @Override
    public long entriesBehind() {
        return 0;
    }

    @Override
    public void consume() {
        throw new IllegalStateException("an empty topic has no message");
    }

    @Override
    public void close() {
        // nothing held
    }
}
