package dev.minerua.cpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chunk count rule: no odd count that leaves a thread idle for a chunk's time, within the bounds given. */
class BalancedSplitTest {
    @Test
    void threeChunksOverTwoThreadsBecomeTwo() {
        assertEquals(2, BalancedSplit.chunks(186_624, 3, 2));
        assertEquals(4, BalancedSplit.chunks(186_624, 5, 2));
        assertEquals(8, BalancedSplit.chunks(1 << 20, 8, 2));
        assertEquals(6, BalancedSplit.chunks(1 << 20, 8, 3));
    }

    @Test
    void fewItemsKeepTheCountThatBoundsTheBusiestThread() {
        // 7 panels over 2 threads: every count bounds the busiest thread at 4 panels; the most chunks win.
        assertEquals(7, BalancedSplit.chunks(7, 8, 2));
        // 27 panels: 8 or 6 chunks can give one thread 15 panels, 4 chunks 14.
        assertEquals(4, BalancedSplit.chunks(27, 8, 2));
        // 25 panels: 8 chunks (3 panels, one of 4) bound the busiest thread at 13, as 2 chunks do.
        assertEquals(8, BalancedSplit.chunks(25, 8, 2));
        // Three row blocks of 2 panels each: 2 chunks per block make 6 tasks, 3 per thread.
        assertEquals(2, BalancedSplit.chunks(2, 3, 2, 3));
    }

    @Test
    void busiestThreadOfASplit() {
        assertEquals(4, BalancedSplit.busiest(7, 7, 2));
        assertEquals(14, BalancedSplit.busiest(27, 4, 2));
        assertEquals(52, BalancedSplit.busiest(100, 8, 2), "4 chunks, the 4 longer ones (13 items) if unlucky");
        assertEquals(7, BalancedSplit.busiest(7, 1, 2), "one chunk: one thread does it all");
        assertEquals(3, BalancedSplit.busiest(3, 0, 1));
    }

    @Test
    void degenerateBounds() {
        assertEquals(1, BalancedSplit.chunks(100, 1, 2));
        assertEquals(1, BalancedSplit.chunks(1, 8, 2));
        assertEquals(1, BalancedSplit.chunks(0, 8, 2));
        assertEquals(1, BalancedSplit.chunks(100, 0, 2));
        assertEquals(3, BalancedSplit.chunks(100, 3, 4), "fewer chunks than threads: use them all");
        for (int threads = 1; threads <= 8; threads++) {
            for (int n = 1; n <= 60; n++) {
                for (int max = 1; max <= 40; max++) {
                    int c = BalancedSplit.chunks(n, max, threads);
                    assertTrue(c >= 1 && c <= Math.max(1, Math.min(n, max)), n + "/" + max + "/" + threads + " -> " + c);
                }
            }
        }
    }
}
