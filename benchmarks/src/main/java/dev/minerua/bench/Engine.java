package dev.minerua.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.minerua.runtime.Result;
import dev.minerua.runtime.Session;
import dev.minerua.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/** One engine with its session and inputs ready to run. */
interface Engine extends AutoCloseable {
    /** Runs once and returns the tensor outputs, copied out of the engine. */
    Map<String, Tensor> runForOutputs() throws Exception;

    /** Runs once and returns the time in milliseconds, results released. */
    double timedRun() throws Exception;

    @Override
    void close();

    static double millisSince(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    /** A Minerua session fed the same tensors every run. */
    record Minerua(Session session, Map<String, Tensor> feeds) implements Engine {
        @Override
        public Map<String, Tensor> runForOutputs() {
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (Result r = session.run(feeds)) {
                for (String n : r.names()) {
                    if (r.value(n) instanceof Tensor t) {
                        out.put(n, t);
                    }
                }
            }
            return out;
        }

        @Override
        public double timedRun() {
            long t0 = System.nanoTime();
            try (Result r = session.run(feeds)) {
                return millisSince(t0);
            }
        }

        @Override
        public void close() {
            session.close();
        }
    }

    /** An ORT session; the inputs are converted to ORT tensors once. */
    final class Ort implements Engine {
        private final OrtSession session;
        private final Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        private boolean closed;

        Ort(OrtEnvironment env, OrtSession session, Map<String, Tensor> inputs) throws OrtException {
            this.session = session;
            try {
                for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                    feeds.put(e.getKey(), OrtValues.toOrt(env, e.getValue()));
                }
            } catch (OrtException | RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public Map<String, Tensor> runForOutputs() throws OrtException {
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (OrtSession.Result r = session.run(feeds)) {
                for (Map.Entry<String, OnnxValue> e : r) {
                    if (e.getValue() instanceof OnnxTensor t) {
                        out.put(e.getKey(), OrtValues.fromOrt(t));
                    }
                }
            }
            return out;
        }

        @Override
        public double timedRun() throws OrtException {
            long t0 = System.nanoTime();
            try (OrtSession.Result r = session.run(feeds)) {
                return millisSince(t0);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            feeds.values().forEach(OnnxTensor::close);
            try {
                session.close();
            } catch (OrtException ignored) {
                // nothing useful to do
            }
        }
    }
}
