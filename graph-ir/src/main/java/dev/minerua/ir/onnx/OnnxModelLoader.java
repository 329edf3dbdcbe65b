package dev.minerua.ir.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.minerua.error.ModelLoadException;
import dev.minerua.ir.Model;
import dev.minerua.onnx.FunctionProto;
import dev.minerua.onnx.ModelProto;
import dev.minerua.onnx.OperatorSetIdProto;
import dev.minerua.onnx.StringStringEntryProto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads ONNX models from a file, a byte array or a stream into the graph IR. Model-local functions
 * are expanded inline; operators are not yet bound (see {@link dev.minerua.ir.OpRegistry#bindAll}).
 */
public final class OnnxModelLoader {
    private final LoadOptions options;

    public OnnxModelLoader(LoadOptions options) {
        this.options = options;
    }

    public OnnxModelLoader() {
        this(LoadOptions.DEFAULTS);
    }

    /**
     * Loads a model file; external data is resolved relative to its directory. A file over {@link #HEAP_READ_BYTES} is
     * memory-mapped, not read into the heap: parsing aliases {@code raw_data} into the mapping, and each initializer of
     * 1 KiB or more stays a view of its bytes there ({@link dev.minerua.tensor.Tensor#viewOf}) until a kernel needs it
     * as an array. The mapping lives as long as some tensor views it; the file must not be rewritten meanwhile. A
     * smaller file is read into one array, which its initializers view alike.
     */
    public Model load(Path file) {
        ByteString bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new ModelLoadException(file + ": " + size + " bytes; a protobuf message is at most 2 GiB"
                        + " (store large weights as external data)");
            }
            bytes = size <= HEAP_READ_BYTES ? readWhole(channel, (int) size)
                    : UnsafeByteOperations.unsafeWrap(channel.map(FileChannel.MapMode.READ_ONLY, 0, size));
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("model file not found: " + file);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return build(read(bytes, file.toString()), file.toString(), dir);
    }

    /**
     * Files up to this size are read into a heap array instead of being mapped. Copying them costs little, and
     * protobuf decodes an array far faster than a mapped buffer in a JVM's first sessions, which run its decoder
     * interpreted: every byte of a mapped buffer goes through a few calls (an unsafe read), and every string (node,
     * value and attribute names) is decoded byte by byte instead of by {@code new String}. Larger files are mostly
     * weights, which stay views of the mapping.
     */
    static final int HEAP_READ_BYTES = 1 << 20;

    /** The file's {@code size} bytes (fewer if it shrank meanwhile) in a heap array. */
    private static ByteString readWhole(FileChannel channel, int size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // read until full or at the end of the file
        }
        return UnsafeByteOperations.unsafeWrap(buffer.array(), 0, buffer.position());
    }

    /**
     * Loads a model from its serialized bytes (external data is not allowed). The array is not copied: initializers
     * stay views of it as in {@link #load(Path)}, so it must not be modified while the model or a session made from it
     * lives.
     */
    public Model load(byte[] bytes) {
        return build(read(UnsafeByteOperations.unsafeWrap(bytes), "model bytes"), "model bytes", null);
    }

    /** Loads a model from a stream, which is read to its end but not closed. */
    public Model load(InputStream in) {
        try {
            return load(in.readAllBytes());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model stream: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes the protobuf for loading: as {@link #parse(byte[], String)}, except that main-graph initializers holding
     * packed {@code float_data} or {@code double_data} come back with the same values in {@code raw_data}
     * ({@link ModelProtoReader}). Malformed bytes are parsed again by the generated parser alone, whose failure names
     * the byte offset.
     */
    private static ModelProto read(ByteString bytes, String source) {
        if (bytes.isEmpty()) {
            throw new ModelLoadException(source + ": empty file, not an ONNX model");
        }
        ModelProto proto;
        try {
            proto = ModelProtoReader.parse(bytes);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return parse(bytes.newCodedInput(), bytes.size(), source);
        }
        return validate(proto, source);
    }

    /** Decodes the protobuf; on malformed input, names the byte offset where decoding stopped. */
    public static ModelProto parse(byte[] bytes, String source) {
        return parse(UnsafeByteOperations.unsafeWrap(bytes).newCodedInput(), bytes.length, source);
    }

    /** As {@link #parse(byte[], String)} from {@code in}, which reads {@code length} bytes of a buffer or array. */
    private static ModelProto parse(CodedInputStream in, int length, String source) {
        if (length == 0) {
            throw new ModelLoadException(source + ": empty file, not an ONNX model");
        }
        // Aliasing only takes effect on a stream over bytes it may treat as immutable (a plain newInstance copies
        // every bytes field anyway): wrapped so, raw_data points into the file's bytes instead of being copied.
        in.enableAliasing(true);
        in.setSizeLimit(Integer.MAX_VALUE);
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new ModelLoadException(source + ": not a valid ONNX protobuf (" + e.getMessage()
                    + ") at byte offset " + in.getTotalBytesRead() + " of " + length, e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new ModelLoadException(source + ": cannot decode the protobuf at byte offset "
                    + in.getTotalBytesRead() + " of " + length + ": " + e, e);
        }
        return validate(proto, source);
    }

    /** Checks the fields every ONNX model has. */
    private static ModelProto validate(ModelProto proto, String source) {
        if (!proto.hasGraph()) {
            throw new ModelLoadException(source + ": not an ONNX model: field graph (7) is missing"
                    + (proto.getUnknownFields().asMap().isEmpty() ? "" : "; the bytes hold unknown fields "
                    + proto.getUnknownFields().asMap().keySet()));
        }
        if (proto.getIrVersion() <= 0) {
            throw new ModelLoadException(source + ": field ir_version (1) is " + proto.getIrVersion()
                    + "; an ONNX model declares a positive IR version");
        }
        return proto;
    }

    private Model build(ModelProto proto, String source, Path dir) {
        Map<String, Long> opsets = new LinkedHashMap<>();
        for (OperatorSetIdProto o : proto.getOpsetImportList()) {
            opsets.put(normalize(o.getDomain()), o.getVersion());
        }
        if (opsets.isEmpty()) {
            // IR version 1-2 models predate opset_import; they mean ai.onnx opset 1.
            opsets.put("", 1L);
        }
        Map<String, FunctionProto> functions = new LinkedHashMap<>();
        for (FunctionProto f : proto.getFunctionsList()) {
            functions.put(FunctionInliner.key(f.getDomain(), f.getName()), f);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (StringStringEntryProto e : proto.getMetadataPropsList()) {
            metadata.put(e.getKey(), e.getValue());
        }
        try (ExternalData external = dir == null ? null : new ExternalData(dir)) {
            GraphImporter importer = new GraphImporter(source, opsets, new FunctionInliner(functions), options,
                    external, proto.getIrVersion() < 4);
            return new Model(proto.getIrVersion(), opsets, proto.getProducerName(), proto.getProducerVersion(),
                    proto.getDomain(), proto.getModelVersion(), proto.getDocString(), metadata,
                    importer.importMain(proto.getGraph()), dir);
        }
    }

    static String normalize(String domain) {
        return "ai.onnx".equals(domain) ? "" : domain;
    }
}
