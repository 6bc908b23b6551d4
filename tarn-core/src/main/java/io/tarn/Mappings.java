package io.tarn;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only file mappings released as soon as their bytes are hashed. The JDK unmaps a {@link MappedByteBuffer} only
 * when the garbage collector finds it unreachable; until then the mapping keeps the file's pages, and a file deleted
 * meanwhile keeps its space, on the disk or in tmpfs. An ingest route whose {@code file:} consumer deletes each large
 * file once stored would hold every deleted file until the next collection (the P1 benchmark found 6 GiB of
 * {@code /dev/shm} held by files it had deleted, and copies 3–5× slower for it), on a disk that may be full.
 * <p>
 * Java 17 has no public call that unmaps. From Java 22 a mapping made in a confined {@code Arena} is unmapped when the
 * arena is closed (the foreign memory API, found by reflection since this is built for Java 17); before that,
 * {@code sun.misc.Unsafe.invokeCleaner} (the {@code jdk.unsupported} module, what Lucene used for the same reason)
 * unmaps a buffer, without a warning up to Java 23. When neither is there, {@link #available()} is false and files are
 * hashed by reading them instead, which leaves nothing mapped at a cost in speed.
 */
final class Mappings {
    private static final Logger LOG = LoggerFactory.getLogger(Mappings.class);
    private static final Mapper MAPPER = find();

    private Mappings() {
    }

    /** A mapping of part of a file, unmapped when closed; its bytes must not be used after that, by any thread. */
    interface Window extends AutoCloseable {
        ByteBuffer bytes();

        @Override
        void close();
    }

    /** One way of mapping a window that can be released at once, and its name. */
    private record Mapper(String how, MapWindow map) {
    }

    @FunctionalInterface
    private interface MapWindow {
        Window map(FileChannel channel, long position, long length) throws IOException;
    }

    /** A window over {@code bytes} that {@code release} unmaps. */
    private static Window window(ByteBuffer bytes, MethodHandle release, Object argument) {
        return new Window() {
            @Override
            public ByteBuffer bytes() {
                return bytes;
            }

            @Override
            public void close() {
                release(release, argument);
            }
        };
    }

    /** How mappings are released here: {@code "arena"}, {@code "invokeCleaner"}, or {@code "not at once: read"}. */
    static String how() {
        return MAPPER == null ? "not at once: read" : MAPPER.how();
    }

    /** Whether mappings can be released at once here; when not, do not map. */
    static boolean available() {
        return MAPPER != null;
    }

    /** Maps {@code length} bytes of the file from {@code position}, read-only. */
    static Window map(FileChannel channel, long position, long length) throws IOException {
        if (MAPPER == null) {
            throw new UnsupportedOperationException("this JVM cannot release a file mapping at once");
        }
        return MAPPER.map().map(channel, position, length);
    }

    private static Mapper find() {
        try {
            return arenas();
        } catch (ReflectiveOperationException | RuntimeException notJava22) {
            try {
                return cleaner();
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("Files are hashed by reading, not mapping: this JVM cannot release a mapping at once ({}; {})",
                        notJava22.toString(), e.toString());
                return null;
            }
        }
    }

    /** Java 22 and later: each window in a confined arena of its own, closed (unmapped) with the window. */
    private static Mapper arenas() throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> arena = Class.forName("java.lang.foreign.Arena");
        Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
        MethodHandle ofConfined = lookup.findStatic(arena, "ofConfined", MethodType.methodType(arena));
        MethodHandle close = lookup.findVirtual(arena, "close", MethodType.methodType(void.class));
        MethodHandle map = lookup.findVirtual(FileChannel.class, "map",
                MethodType.methodType(segment, FileChannel.MapMode.class, long.class, long.class, arena));
        MethodHandle asByteBuffer = lookup.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class));
        return new Mapper("arena", (channel, position, length) -> {
            Object confined = invoke(ofConfined);
            try {
                Object mapped = invoke(map, channel, FileChannel.MapMode.READ_ONLY, position, length, confined);
                return window((ByteBuffer) invoke(asByteBuffer, mapped), close, confined);
            } catch (IOException | RuntimeException | Error e) {
                release(close, confined);
                throw e;
            }
        });
    }

    /** Java 17 to 21: a MappedByteBuffer unmapped by {@code sun.misc.Unsafe.invokeCleaner}. */
    private static Mapper cleaner() throws ReflectiveOperationException {
        Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
        Field field = unsafeClass.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        MethodHandle invokeCleaner = MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                MethodType.methodType(void.class, ByteBuffer.class)).bindTo(field.get(null));
        return new Mapper("invokeCleaner", (channel, position, length) -> {
            MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, position, length);
            return window(bytes, invokeCleaner, bytes);
        });
    }

    /** Calls {@code handle}; what it throws is thrown as it is, a checked exception other than IOException wrapped. */
    private static Object invoke(MethodHandle handle, Object... arguments) throws IOException {
        try {
            return handle.invokeWithArguments(arguments);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Could not map a file", e);
        }
    }

    /** Unmaps through {@code handle}, which throws no checked exception. */
    private static void release(MethodHandle handle, Object argument) {
        try {
            handle.invoke(argument);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Could not release a file mapping", e);
        }
    }
}
