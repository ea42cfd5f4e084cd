package teardown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

/**
 * A real SIGTERM raised in this JVM while Signals is installed: the run is told which signal came, and
 * the process is not shut down (the handler replaced the JVM's own until close()).
 */
class SignalsTest {
    @Test
    void aSignalIsReportedToTheRunInsteadOfEndingTheProcess() throws InterruptedException {
        List<String> told = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch handled = new CountDownLatch(1);
        try (Signals signals = Signals.install(n -> {
            told.add(n);
            handled.countDown();
        })) {
            assertNull(signals.received());
            assertFalse(Signals.awaitReceived(0), "no signal has come yet");

            Signal.raise(new Signal("TERM"));

            assertTrue(Signals.awaitReceived(30), "the handler never saw SIGTERM");
            assertTrue(handled.await(30, TimeUnit.SECONDS), "the run was never told");
            assertEquals(List.of("SIGTERM"), told);
            assertEquals("SIGTERM", signals.received());
            assertEquals(143, Signals.exitCode(signals.received()));
        }
    }

    @Test
    void exitCodesAre128PlusTheSignalNumber() {
        assertEquals(143, Signals.exitCode("SIGTERM"));
        assertEquals(130, Signals.exitCode("SIGINT"));
    }
}
