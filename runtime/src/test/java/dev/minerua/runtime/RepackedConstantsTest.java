package dev.minerua.runtime;

import dev.minerua.ir.Value;
import dev.minerua.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A constant that every reading kernel has repacked (Conv's filter) is let go after session creation, so the
 * decoded array can be collected; one a feed may replace (an initializer that is also a graph input) is kept.
 */
class RepackedConstantsTest {

    @Test
    void aPackedConvFilterIsDroppedAndTheResultsStayTheSame() {
        float[] x = new float[3 * 8 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.3);
        }
        Map<String, Tensor> feeds = Map.of("x", Tensor.of(x, 1, 3, 8, 8));
        try (Environment env = Environment.create();
             Session dropped = env.createSession(TestModels.convWithConstantWeight(false).toByteArray(),
                     new SessionOptions());
             Session kept = env.createSession(TestModels.convWithConstantWeight(true).toByteArray(),
                     new SessionOptions())) {
            assertNull(weight(dropped).constant(), "the packed filter stands for W");
            assertNotNull(weight(kept).constant(), "a feed may replace W, so its contents stay");
            for (int run = 0; run < 2; run++) {
                float[] a = ((Tensor) dropped.run(feeds).value("y")).floatData();
                float[] b = ((Tensor) kept.run(feeds).value("y")).floatData();
                assertArrayEquals(b, a);
            }
        }
    }

    private static Value weight(Session s) {
        return s.graph().initializers().stream().filter(v -> v.name().equals("W")).findFirst().orElseThrow();
    }
}
