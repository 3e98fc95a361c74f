package io.aquatrade.backtest.optimize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.aquatrade.backtest.PerformanceStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a list of variants through an {@link Evaluator} on a fixed pool of threads and ranks them by an
 * {@link Objective}. Results are gathered in variant order whatever the order the threads finish in, and ties keep
 * variant order, so with a deterministic evaluator the ranking does not depend on the number of threads.
 *
 * <p>Owns its thread pool: {@link #close()} it. One search at a time per instance.
 */
public final class ParameterSearch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParameterSearch.class);

    private final ExecutorService pool;
    private final int threads;
    private final Evaluator evaluator;
    private final Objective objective;

    /**
     * @param threads   worker threads, &gt;= 1 (e.g. {@code Runtime.getRuntime().availableProcessors()})
     * @param evaluator scores a variant; called concurrently
     * @param objective ranks the results
     * @throws IllegalArgumentException if threads &lt; 1
     */
    public ParameterSearch(int threads, Evaluator evaluator, Objective objective) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads >= 1, was " + threads);
        }
        this.threads = threads;
        this.evaluator = evaluator;
        this.objective = objective;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "optimize-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, factory);
    }

    /** @return the objective results are ranked by */
    public Objective objective() {
        return objective;
    }

    /** @return the evaluator variants are scored with */
    public Evaluator evaluator() {
        return evaluator;
    }

    /**
     * Evaluates every variant over [fromNs, toNs) in parallel and ranks them.
     *
     * @param variants the variants, in search order
     * @param fromNs   first event time included, UTC epoch ns
     * @param toNs     first event time excluded, UTC epoch ns
     * @return one result per variant, best first (see {@link #rank})
     * @throws IllegalStateException naming the variant if an evaluation fails (the others are cancelled), or if
     *                               the calling thread is interrupted
     */
    public List<SearchResult> run(List<Variant> variants, long fromNs, long toNs) {
        List<PerformanceStats> stats = evaluate(variants, fromNs, toNs);
        return rank(objective, variants, stats);
    }

    /**
     * Evaluates every variant over [fromNs, toNs) in parallel.
     *
     * @param variants the variants
     * @param fromNs   first event time included, UTC epoch ns
     * @param toNs     first event time excluded, UTC epoch ns
     * @return the statistics, aligned with {@code variants}
     * @throws IllegalStateException as {@link #run}
     */
    public List<PerformanceStats> evaluate(List<Variant> variants, long fromNs, long toNs) {
        AtomicInteger done = new AtomicInteger();
        int total = variants.size();
        int logEvery = Math.max(1, total / 10);
        List<Future<PerformanceStats>> futures = new ArrayList<>(total);
        for (Variant v : variants) {
            futures.add(pool.submit(() -> {
                PerformanceStats s = evaluator.evaluate(v, fromNs, toNs);
                if (s == null) {
                    throw new IllegalStateException("the evaluator returned no statistics");
                }
                int d = done.incrementAndGet();
                if (d % logEvery == 0 || d == total) {
                    LOG.info("{}/{} variants evaluated on {} threads", d, total, threads);
                }
                return s;
            }));
        }
        List<PerformanceStats> out = new ArrayList<>(total);
        try {
            for (int i = 0; i < total; i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("variant " + variants.get(i).label() + " failed: "
                            + e.getCause(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating variants", e);
        } finally {
            if (out.size() < total) {
                futures.forEach(f -> f.cancel(true));
            }
        }
        return out;
    }

    /**
     * Ranks variants by an objective: higher score first, NaN last, ties in variant order (a stable sort on
     * {@link Objective#compareBestFirst}).
     *
     * @param objective the objective
     * @param variants  the variants
     * @param stats     their statistics, aligned with {@code variants}
     * @return one result per variant, best first, ranks 1..n
     */
    public static List<SearchResult> rank(Objective objective, List<Variant> variants, List<PerformanceStats> stats) {
        if (variants.size() != stats.size()) {
            throw new IllegalArgumentException(variants.size() + " variants, " + stats.size() + " statistics");
        }
        List<Integer> order = new ArrayList<>(variants.size());
        for (int i = 0; i < variants.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer, PerformanceStats>comparing(stats::get, objective::compareBestFirst));
        List<SearchResult> out = new ArrayList<>(order.size());
        for (int r = 0; r < order.size(); r++) {
            int i = order.get(r);
            out.add(new SearchResult(r + 1, variants.get(i), stats.get(i), objective.score(stats.get(i))));
        }
        return out;
    }

    /** Stops the worker threads (interrupting running evaluations). */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
