import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Build step of onnx-proto (run in source-file mode by the exec plugin before compiling): takes protoc's runtime-version
 * check out of the generated classes' static initializers. The check's own class initializer formats a version string
 * (String.format, which loads the JDK's locale data) and creates a java.util.logging logger: about a tenth of the first
 * session's creation in a fresh JVM. The generated code and the runtime library come from the same pinned protobuf
 * version, so the check cannot fail here.
 *
 * <p>Usage: {@code java StripGencodeVersionCheck.java GENERATED_SOURCES_DIR}
 */
public final class StripGencodeVersionCheck {
    private static final Pattern CHECK = Pattern.compile(
            "static \\{\\s*com\\.google\\.protobuf\\.RuntimeVersion\\.validateProtobufGencodeVersion\\([^;]*\\);\\s*}");

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(dir)) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source, StandardCharsets.UTF_8);
            String without = CHECK.matcher(text).replaceAll("");
            if (!without.equals(text)) {
                Files.writeString(source, without, StandardCharsets.UTF_8);
            }
            if (without.contains("RuntimeVersion")) {
                throw new IllegalStateException(source + ": a RuntimeVersion call of a form this step does not know");
            }
        }
    }
}
