package io.aquatrade.common;

/** Every topic carries {@link Progress} watermarks beside its own messages. */
public interface ProgressListener {
    /**
     * A watermark from the topic's writer. Readers built on {@link TopicReader} consume these themselves; a
     * business class rarely needs to override this.
     */
    default void progress(Progress progress) {
    }
}
