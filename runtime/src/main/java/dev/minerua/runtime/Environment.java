package dev.minerua.runtime;

import dev.minerua.backend.BackendProvider;
import dev.minerua.ir.Model;
import dev.minerua.ir.onnx.LoadOptions;
import dev.minerua.ir.onnx.OnnxModelLoader;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The entry point: discovers the available backends once and creates sessions. Thread-safe; one
 * environment is usually enough for an application. Closing it does not close its sessions.
 */
public final class Environment implements AutoCloseable {
    private final List<BackendProvider> providers;

    private Environment(List<BackendProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** Creates an environment with every backend found on the class path. */
    public static Environment create() {
        List<BackendProvider> found = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Environment.class.getClassLoader())) {
            found.add(p);
        }
        return new Environment(found);
    }

    /** Names of the backend providers found ("cpu", "opencl"); a found provider may still lack a device. */
    public List<String> backendNames() {
        return providers.stream().map(BackendProvider::name).toList();
    }

    /** Loads a model file (external data resolved next to it) and prepares it for running. */
    public Session createSession(Path modelFile, SessionOptions options) {
        CreationTimes.Recorder times = new CreationTimes.Recorder();
        return prepare(loader(options).load(modelFile), options, times);
    }

    /**
     * Loads a model from its bytes (external data not allowed) and prepares it for running. The weights stay views of
     * {@code model}, which must not be modified while the session lives.
     */
    public Session createSession(byte[] model, SessionOptions options) {
        CreationTimes.Recorder times = new CreationTimes.Recorder();
        return prepare(loader(options).load(model), options, times);
    }

    /** Loads a model from a stream (read to the end, not closed) and prepares it for running. */
    public Session createSession(InputStream model, SessionOptions options) {
        CreationTimes.Recorder times = new CreationTimes.Recorder();
        return prepare(loader(options).load(model), options, times);
    }

    public Session createSession(Path modelFile) {
        return createSession(modelFile, new SessionOptions());
    }

    /** Reads a model without preparing it (for inspection); no operator needs to be supported. */
    public Model loadModel(Path modelFile) {
        return new OnnxModelLoader().load(modelFile);
    }

    /**
     * Prepares a model just loaded, {@code times} having been started before loading (see
     * {@link Session#creationTimes()}). The createSession methods load inline rather than through a lambda: the first
     * session of a JVM would link that call site in interpreted code.
     */
    private Session prepare(Model m, SessionOptions options, CreationTimes.Recorder times) {
        times.lap("load");
        return new Session(m, options, providers, times);
    }

    private static OnnxModelLoader loader(SessionOptions options) {
        return new OnnxModelLoader(new LoadOptions(options.maxTensorElements()));
    }

    @Override
    public void close() {
    }
}
