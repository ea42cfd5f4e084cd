package local;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import statemachine.FunctionError;
import statemachine.FunctionInvoker;

/**
 * A fixed pool of execution environments, one per concurrent invocation (the RIE serves one invocation
 * at a time). Each slot is a {@link FunctionInvoker} bound to its own environment and serialised by its
 * own lock, so no two invocations ever share an environment, whoever calls. A slot whose environment died
 * (connection failure and the environment is no longer alive) or wedged (no answer within the timeout)
 * replaces it with a fresh one, then fails the invocation with a retryable error so the state machine's
 * Retry policy decides whether to try again, as Step Functions would after a Lambda service error.
 * The first invocation on every environment is a cold start; see {@link ColdStarts}.
 */
public final class RiePool implements AutoCloseable {
    /**
     * Starts one environment with the given name. Implementations register it for teardown the moment it
     * exists (before waiting for it to become ready), so a failed start is cleaned up too.
     */
    public interface EnvironmentFactory {
        ExecutionEnvironment start(String name) throws Exception;
    }

    private final EnvironmentFactory factory;
    private final HttpClient client;
    private final Duration invokeTimeout;
    private final Duration reportWait;
    private final Consumer<String> log;
    private final List<Slot> slots = new ArrayList<>();
    private final List<ExecutionEnvironment> started = new ArrayList<>();

    private RiePool(EnvironmentFactory factory, HttpClient client, Duration invokeTimeout, Duration reportWait,
                    Consumer<String> log) {
        this.factory = factory;
        this.client = client;
        this.invokeTimeout = invokeTimeout;
        this.reportWait = reportWait;
        this.log = log;
    }

    /**
     * Starts {@code size} environments (several at once) named rie-0 .. rie-(size-1).
     *
     * @param invokeTimeout longest wait for one invocation (function timeout plus a margin)
     * @param reportWait    how long a cold invocation waits for its REPORT line to appear in the output
     */
    public static RiePool start(int size, EnvironmentFactory factory, Duration invokeTimeout, Duration reportWait,
                                Consumer<String> log) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least one environment");
        }
        RiePool pool = new RiePool(factory, RieInvoker.newClient(), invokeTimeout, reportWait, log);
        ExecutorService starter = Executors.newFixedThreadPool(Math.min(size, 4), r -> {
            Thread t = new Thread(r, "rie-start");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ExecutionEnvironment>> futures = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String name = "rie-" + i;
                futures.add(starter.submit(() -> factory.start(name)));
            }
            RuntimeException failure = null;
            for (int i = 0; i < size; i++) {
                try {
                    ExecutionEnvironment env = futures.get(i).get();
                    pool.slots.add(pool.new Slot(i, env));
                    pool.remember(env);
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = new IllegalStateException("starting execution environment rie-" + i + " failed: "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            if (failure != null) {
                pool.close();
                throw failure;
            }
            return pool;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.close();
            throw new IllegalStateException("interrupted while starting execution environments", e);
        } finally {
            starter.shutdownNow();
        }
    }

    /** One invoker per environment, for statemachine.LocalExecution's pool. */
    public List<FunctionInvoker> invokers() {
        return List.copyOf(slots);
    }

    public int size() {
        return slots.size();
    }

    /** The environments serving now, slot by slot (null where a replacement could not be started). */
    public List<ExecutionEnvironment> current() {
        List<ExecutionEnvironment> list = new ArrayList<>();
        for (Slot s : slots) {
            list.add(s.environment());
        }
        return list;
    }

    /** Every environment this pool ever started, replaced ones included. */
    public synchronized List<ExecutionEnvironment> everStarted() {
        return List.copyOf(started);
    }

    private synchronized void remember(ExecutionEnvironment env) {
        started.add(env);
    }

    /** Stops every environment; teardown normally did this already. */
    @Override
    public void close() {
        for (ExecutionEnvironment e : everStarted()) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                log.accept("stopping " + e.name() + " failed: " + ex.getMessage());
            }
        }
    }

    /** One execution environment slot: one invocation at a time, the environment replaced when it dies. */
    private final class Slot implements FunctionInvoker {
        private final int index;
        private final ReentrantLock lock = new ReentrantLock();
        private ExecutionEnvironment env;
        private int generation;
        private int invocations;

        Slot(int index, ExecutionEnvironment env) {
            this.index = index;
            this.env = env;
        }

        ExecutionEnvironment environment() {
            lock.lock();
            try {
                return env;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String invoke(String eventJson) throws FunctionError {
            lock.lock();
            try {
                if (env == null) {
                    replace(null, "its previous replacement could not be started");
                    if (env == null) {
                        ColdStarts.noteForThisThread(null);
                        throw new FunctionError(RieInvoker.SERVICE_EXCEPTION,
                                "execution environment slot rie-" + index + " has no running environment");
                    }
                }
                ExecutionEnvironment e = env;
                boolean cold = invocations++ == 0;
                boolean reachable = true;
                try {
                    return new RieInvoker(client, e.endpoint(), invokeTimeout).invoke(eventJson);
                } catch (FunctionError f) {
                    String type = f.errorType();
                    boolean transport = type.equals(RieInvoker.SERVICE_EXCEPTION);
                    boolean wedged = type.equals(RieInvoker.TIMED_OUT);
                    if (transport && !e.alive() || wedged) {
                        reachable = false;
                        String why = wedged ? "it timed out" : "it is no longer running";
                        replace(e, why);
                        throw new FunctionError(type, f.getMessage() + " [" + e.name() + ": " + why + "; "
                                + (env == null ? "no replacement could be started" : "replaced by " + env.name()) + "]");
                    }
                    throw f;
                } finally {
                    ColdStarts.noteForThisThread(cold ? new ColdStarts.ColdStart(e.name(), initDuration(e, reachable)) : null);
                }
            } finally {
                lock.unlock();
            }
        }

        /** Stops the dead environment (if any) and starts a fresh one in this slot; caller holds the lock. */
        private void replace(ExecutionEnvironment dead, String why) {
            if (dead != null) {
                log.accept("execution environment " + dead.name() + " failed (" + why + "); replacing it");
                try {
                    dead.close();
                } catch (RuntimeException ex) {
                    log.accept("stopping " + dead.name() + " failed: " + ex.getMessage());
                }
            }
            generation++;
            String name = "rie-" + index + "." + generation;
            try {
                env = factory.start(name);
                invocations = 0;
                remember(env);
            } catch (Exception ex) {
                env = null;
                log.accept("could not start replacement environment " + name + ": " + ex.getMessage());
            }
        }

        private Double initDuration(ExecutionEnvironment e, boolean reachable) {
            try {
                if (!reachable) {
                    return e.initDuration().getNow(null);
                }
                return e.initDuration().get(reportWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException ex) {
                return null;
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
