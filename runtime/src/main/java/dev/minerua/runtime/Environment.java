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
import java.util.function.Function;

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
        return create(options, loader -> loader.load(modelFile));
    }

    /**
     * Loads a model from its bytes (external data not allowed) and prepares it for running. The weights stay views of
     * {@code model}, which must not be modified while the session lives.
     */
    public Session createSession(byte[] model, SessionOptions options) {
        return create(options, loader -> loader.load(model));
    }

    /** Loads a model from a stream (read to the end, not closed) and prepares it for running. */
    public Session createSession(InputStream model, SessionOptions options) {
        return create(options, loader -> loader.load(model));
    }

    public Session createSession(Path modelFile) {
        return createSession(modelFile, new SessionOptions());
    }

    /** Reads a model without preparing it (for inspection); no operator needs to be supported. */
    public Model loadModel(Path modelFile) {
        return new OnnxModelLoader().load(modelFile);
    }

    /** Loads through {@code load} and prepares the model, timing both (see {@link Session#creationTimes()}). */
    private Session create(SessionOptions options, Function<OnnxModelLoader, Model> load) {
        CreationTimes.Recorder times = new CreationTimes.Recorder();
        Model m = load.apply(loader(options));
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
