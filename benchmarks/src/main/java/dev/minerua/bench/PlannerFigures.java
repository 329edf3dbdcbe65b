package dev.minerua.bench;

import dev.minerua.runtime.Session;
import dev.minerua.tensor.Tensor;

import java.lang.reflect.Method;
import java.util.Map;

/**
 * The memory planner's planned peak and lower bound for a session on given inputs, in MiB, or NaN when
 * this build of the runtime has no planner. Read by name ({@code Session.memoryPlan(Map)} →
 * {@code GraphMemoryPlan.plan()} → {@code MemoryPlan.plannedPeak()} / {@code lowerBound()}, bytes), so that the
 * benchmark builds both before and after the planner lands; once it is on main this can become a direct call.
 */
final class PlannerFigures {
    private PlannerFigures() {
    }

    /** {planned peak MiB, lower bound MiB}, NaN for both when unavailable. */
    static double[] of(Session session, Map<String, Tensor> feeds) {
        try {
            Method memoryPlan = session.getClass().getMethod("memoryPlan", Map.class);
            Object graphPlan = memoryPlan.invoke(session, feeds);
            Object plan = graphPlan.getClass().getMethod("plan").invoke(graphPlan);
            long peak = (long) plan.getClass().getMethod("plannedPeak").invoke(plan);
            long lower = (long) plan.getClass().getMethod("lowerBound").invoke(plan);
            return new double[] {peak / 1048576.0, lower / 1048576.0};
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no planner in this runtime (NoSuchMethodException), or it could not plan this model
            return new double[] {Double.NaN, Double.NaN};
        }
    }
}
