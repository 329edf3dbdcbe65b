package dev.minerua.ir.onnx;

import dev.minerua.error.ModelLoadException;
import dev.minerua.onnx.StringStringEntryProto;
import dev.minerua.onnx.TensorProto;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Resolves {@code data_location = EXTERNAL} tensors against the model's directory. A location that is
 * absolute, or that leads outside the model's directory (by {@code ..} or a symbolic link), is rejected.
 *
 * <p>Each data file is memory-mapped once, whole, as a {@link MemorySegment} (so offsets beyond 2 GiB
 * work and files of any size load), and each tensor is a view of its slice ({@link dev.minerua.tensor.Tensor#viewOf}):
 * nothing is copied into the heap until a kernel needs an array. The mappings belong to an automatic arena, so a
 * file stays mapped exactly as long as some tensor still views it; {@link #close} only forgets them.
 */
public final class ExternalData implements AutoCloseable {
    private final Path baseDirectory;
    private final Arena arena = Arena.ofAuto();
    private final Map<Path, MemorySegment> mapped = new HashMap<>();

    public ExternalData(Path baseDirectory) {
        this.baseDirectory = baseDirectory.toAbsolutePath().normalize();
    }

    /** Reads the external bytes of {@code proto}, which must be exactly {@code expectedBytes} long. */
    ByteBuffer read(TensorProto proto, String name, long expectedBytes) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : proto.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parse(e.getValue(), "offset", name);
                case "length" -> length = parse(e.getValue(), "length", name);
                case "checksum" -> { } // SHA-1 of the data; optional and not verified
                default -> throw new ModelLoadException(name + ": unknown external_data key '" + e.getKey() + "'");
            }
        }
        if (location == null || location.isEmpty()) {
            throw new ModelLoadException(name + ": external_data has no location");
        }
        Path file = resolve(location, name);
        if (length < 0) {
            length = expectedBytes;
        }
        if (length != expectedBytes) {
            throw new ModelLoadException(name + ": external data length " + length + " but the dims need "
                    + expectedBytes + " bytes");
        }
        if (length > Integer.MAX_VALUE) {
            throw new ModelLoadException(name + ": external data of " + length + " bytes is larger than one tensor can hold");
        }
        MemorySegment whole = map(file, name);
        if (offset > whole.byteSize() || length > whole.byteSize() - offset) {
            throw new ModelLoadException(name + ": external data [" + offset + ", " + (offset + length)
                    + ") lies beyond the end of " + file + " (" + whole.byteSize() + " bytes)");
        }
        // Keeps the mapping reachable for as long as the tensor made from it lives.
        return whole.asSlice(offset, length).asByteBuffer();
    }

    private synchronized MemorySegment map(Path file, String name) {
        MemorySegment segment = mapped.get(file);
        if (segment != null) {
            return segment;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            segment = size == 0 ? MemorySegment.ofArray(new byte[0])
                    : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (IOException e) {
            throw new ModelLoadException(name + ": cannot read external data file " + file + ": " + e.getMessage(), e);
        }
        mapped.put(file, segment);
        return segment;
    }

    /** Forgets the mappings; each is unmapped once no tensor views it any more. */
    @Override
    public synchronized void close() {
        mapped.clear();
    }

    /** The file a location names, after checking that it stays inside the model's directory. */
    Path resolve(String location, String name) {
        Path rel;
        try {
            rel = Path.of(location);
        } catch (RuntimeException e) {
            throw new ModelLoadException(name + ": external data location '" + location + "' is not a valid path");
        }
        if (rel.isAbsolute() || location.startsWith("/") || location.startsWith("\\")) {
            throw new ModelLoadException(name + ": external data location '" + location
                    + "' is absolute; it must be relative to the model's directory");
        }
        Path file = baseDirectory.resolve(rel).normalize();
        if (!file.startsWith(baseDirectory)) {
            throw new ModelLoadException(name + ": external data location '" + location
                    + "' escapes the model's directory " + baseDirectory);
        }
        try {
            if (Files.exists(file) && !file.toRealPath().startsWith(baseDirectory.toRealPath())) {
                throw new ModelLoadException(name + ": external data location '" + location
                        + "' links outside the model's directory " + baseDirectory);
            }
        } catch (IOException e) {
            throw new ModelLoadException(name + ": cannot resolve external data location '" + location + "'", e);
        }
        return file;
    }

    private static long parse(String s, String key, String name) {
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ModelLoadException(name + ": external_data " + key + " '" + s + "' is not a non-negative integer");
        }
    }
}
