package dev.minerua.ir;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A build step, not part of the runtime: writes a registry's family index (see {@link LazyFamilies}) into the
 * compiled classes, so the jar always carries an index made from the families it contains. Each module with a
 * lazy registry runs it in its {@code process-classes} phase (exec-maven-plugin), before tests and packaging.
 *
 * <p>Arguments: the class that owns the index (it has a static no-argument {@code indexText()} method, usually
 * package-private), and the file to write.
 */
public final class FamilyIndexWriter {
    private FamilyIndexWriter() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: FamilyIndexWriter OWNER_CLASS OUTPUT_FILE");
        }
        Method indexText = Class.forName(args[0]).getDeclaredMethod("indexText");
        indexText.setAccessible(true);
        Path out = Path.of(args[1]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, (String) indexText.invoke(null));
    }
}
