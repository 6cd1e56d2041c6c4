package org.labctl.api.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CreditWindowTest {

    @Test
    void takesAtMostWhatIsAvailable() throws Exception {
        CreditWindow window = new CreditWindow(100);
        assertEquals(60, window.take(60));
        assertEquals(40, window.take(60));
        window.giveBack(15);
        assertEquals(15, window.take(60));
        assertEquals(0, window.available());
    }

    @Test
    void aTakerWaitsForCreditAndCloseReleasesIt() throws Exception {
        CreditWindow window = new CreditWindow(0);
        CompletableFuture<Integer> taken = CompletableFuture.supplyAsync(() -> take(window, 10));
        window.grant(3);
        assertEquals(3, taken.get(10, TimeUnit.SECONDS));
        CompletableFuture<Integer> closed = CompletableFuture.supplyAsync(() -> take(window, 10));
        window.close();
        assertEquals(-1, closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void creditMustBePositiveAndSaturates() {
        CreditWindow window = new CreditWindow(1);
        assertThrows(IllegalArgumentException.class, () -> window.grant(0));
        window.grant(Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, window.available());
    }

    private static int take(CreditWindow window, int max) {
        try {
            return window.take(max);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
