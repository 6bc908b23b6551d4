package io.tarn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Mappings} on the JVM the tests run on (Java 17 takes {@code invokeCleaner}, Java 22 and later an
 * {@code Arena}): a window is unmapped when closed, and a file truncated under one fails as {@link Spooled} expects.
 */
class MappingsTest {
    private static final int SIZE = 4 << 20;

    @TempDir
    Path temp;

    @Test
    void thisJvmReleasesMappingsAtOnce() {
        assertThat(Mappings.available()).as("Java %s can release a mapping at once (else large files are read, slower)",
                Runtime.version()).isTrue();
        // from Java 22 without sun.misc.Unsafe, whose invokeCleaner warns on Java 24 and later
        assertThat(Mappings.how()).isEqualTo(Runtime.version().feature() >= 22 ? "arena" : "invokeCleaner");
    }

    @Test
    void aWindowHoldsTheFilesBytesAndIsUnmappedWhenClosed() throws Exception {
        byte[] bytes = TestData.bytes(SIZE, 11);
        Path file = Files.write(temp.resolve("window.bin"), bytes);
        Path maps = Path.of("/proc/self/maps");
        assertThat(maps).as("this test reads the process's mappings from Linux's /proc").isRegularFile();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (Mappings.Window window = Mappings.map(in, 0, SIZE)) {
                assertThat(Files.readAllLines(maps)).as("mapped while open").anyMatch(line -> line.contains(file.toString()));
                ByteBuffer mapped = window.bytes();
                assertThat(mapped.remaining()).isEqualTo(SIZE);
                digest.update(mapped);
            }
            assertThat(digest.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        assertThat(Files.readAllLines(maps)).as("mappings of %s once its window is closed", file)
                .noneMatch(line -> line.contains(file.toString()));
    }

    @Test
    void aFileTruncatedUnderAWindowFailsWithTheErrorSpooledCatches() throws Exception {
        Path file = Files.write(temp.resolve("shrinks.bin"), TestData.bytes(SIZE, 12));
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             Mappings.Window window = Mappings.map(in, 0, SIZE)) {
            in.truncate(0);
            ByteBuffer mapped = window.bytes();
            InternalError fault = null;
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                digest.update(mapped);
                digest.digest();
            } catch (InternalError e) {
                // thrown by the update, or, when the update ran compiled, at the next safepoint poll after it: still
                // within a try around the loop, as in Spooled (assertThatThrownBy's own catch could be left before)
                fault = e;
            }
            assertThat(fault).as("the error reading a truncated window raises").isNotNull();
        }
    }
}
