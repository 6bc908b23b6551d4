package io.tarn.lock.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.data.redis.serializer.RedisSerializer;

import io.tarn.Key;
import io.tarn.LocationException;
import io.tarn.location.Locker;

/**
 * Python tarn 0.14.0's {@code RedisLocker} ({@code tarn/tools/locker.py}), protocol for protocol, so that Python and
 * camel-tarn processes on one lake exclude each other exactly as Python processes do:
 * <ul>
 * <li>the lock of a key is the Redis key {@code prefix + ":" + D}, D the key's raw digest bytes;</li>
 * <li>a writer takes it with {@code SET <lock> -1 NX EX <expire>} and releases it with Python's stop-writing script
 * (deletes it if it still says {@code -1});</li>
 * <li>readers count themselves in it with Python's start- and stop-reading scripts ({@code 1}, {@code 2}, ...; a
 * start fails while it says {@code -1}), each change setting its expiry to {@code expire} seconds again.</li>
 * </ul>
 * The Lua texts are Python's, byte for byte (so both load the same scripts, by the same SHA-1), run by
 * {@code EVALSHA} through a {@link RedisTemplate}, {@code EVAL} when the server does not know them yet. A waiter asks
 * again every 10 ms as Python does, for at most {@code expire} seconds and one more: any lock whose holder died is
 * gone by then, so a timeout means someone kept the key locked (new readers one after another, a holder with a longer
 * expiry) and is a {@link LocationException} naming the key, the Redis key and the server. Python's volume key
 * ({@code prefix + ".V"}) is defined by tarn but never read or written, by either.
 */
public final class RedisLocker implements Locker {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLocker.class);
    private static final byte[] WRITER = "-1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_READER = "1".getBytes(StandardCharsets.US_ASCII);
    /** Python's {@code sleep_time}. */
    private static final long POLL_MILLIS = 10;

    private final RedisTemplate<byte[], byte[]> template;
    private final Runnable disconnect;
    private final String server;
    private final String owner;
    private final byte[] prefix;
    private final int expire;
    private final RedisScript<byte[]> stopWriting;
    private final RedisScript<Long> startReading;
    private final RedisScript<byte[]> stopReading;

    /**
     * A locker over a connection factory someone else owns (and destroys).
     *
     * @param server names the server in messages, e.g. {@code redis://host:6379/0}
     * @param prefix Python's {@code prefix} (a str is its UTF-8 bytes); {@code ":"} is appended, as tarn does
     * @param expire seconds, at least 1
     * @param owner  what the keys belong to, for messages: "the disk lake at /data/lake"
     */
    public RedisLocker(RedisConnectionFactory factory, String server, byte[] prefix, int expire, String owner) {
        this(factory, () -> {
        }, server, prefix, expire, owner);
    }

    private RedisLocker(RedisConnectionFactory factory, Runnable disconnect, String server, byte[] prefix, int expire,
                        String owner) {
        if (expire < 1) {
            throw new IllegalArgumentException("A RedisLocker's expire is whole seconds, at least 1, not " + expire);
        }
        this.template = new RedisTemplate<>();
        template.setConnectionFactory(factory);
        template.setEnableDefaultSerializer(false);
        template.setKeySerializer(RedisSerializer.byteArray());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.afterPropertiesSet();
        this.disconnect = disconnect;
        this.server = server;
        this.owner = owner;
        this.prefix = concat(prefix, new byte[] {':'});
        this.expire = expire;
        this.stopWriting = RedisScript.of(stopWritingScript(), byte[].class);
        this.startReading = RedisScript.of(startReadingScript(expire), Long.class);
        this.stopReading = RedisScript.of(stopReadingScript(expire), byte[].class);
    }

    /** A locker with connections of its own to {@code address}, closed with it. */
    public static RedisLocker connect(RedisAddress address, byte[] prefix, int expire, String owner) {
        JedisConnectionFactory factory = address.connect();
        return new RedisLocker(factory, factory::destroy, address.toString(), prefix, expire, owner);
    }

    // the three scripts of tarn/tools/locker.py (_update_scripts), byte for byte, expire filled in as Python's f-string does

    static String stopWritingScript() {
        return "\n        local lock = redis.call('get', KEYS[1])\n        if lock == '-1' then\n"
               + "            redis.call('del', KEYS[1])\n        end\n        return lock";
    }

    static String startReadingScript(int expire) {
        return "\n        local lock = redis.call('get', KEYS[1])\n        if lock == '-1' then\n            return 0\n"
               + "        elseif lock == false then\n            redis.call('set', KEYS[1], 1, 'EX', " + expire + ")\n"
               + "            return 1\n        else\n            redis.call('set', KEYS[1], lock + 1, 'EX', " + expire
               + ")\n            return 1\n        end";
    }

    static String stopReadingScript(int expire) {
        return "\n        local lock = redis.call('get', KEYS[1])\n        if lock == false then \n            return lock\n"
               + "        elseif lock == '1' then\n            redis.call('del', KEYS[1])\n            return lock\n"
               + "        elseif tonumber(lock) < 1 then\n            return lock\n        else\n"
               + "            redis.call('set', KEYS[1], lock - 1, 'EX', " + expire + ")\n            return '1'\n        end";
    }

    /** The Redis key that locks {@code key}: the prefix, {@code ':'}, the raw digest bytes. */
    public byte[] lockKey(Key key) {
        return concat(prefix, key.bytes());
    }

    @Override
    public Held read(Key key) {
        byte[] lock = lockKey(key);
        List<byte[]> keys = List.of(lock);
        await(key, lock, "read", () -> Long.valueOf(1).equals(template.execute(startReading, keys)));
        return () -> release(key, lock, stopReading, LAST_READER, "read");
    }

    @Override
    public Held write(Key key) {
        byte[] lock = lockKey(key);
        await(key, lock, "write", () -> Boolean.TRUE.equals(template.execute((RedisCallback<Boolean>) connection ->
                connection.stringCommands().set(lock, WRITER, Expiration.seconds(expire), SetOption.ifAbsent()))));
        return () -> release(key, lock, stopWriting, WRITER, "write");
    }

    @Override
    public Duration expiry() {
        return Duration.ofSeconds(expire);
    }

    private void await(Key key, byte[] lock, String what, Callable<Boolean> attempt) {
        long started = System.nanoTime();
        long bound = expiry().plusSeconds(1).toNanos();
        int polls = 0;
        try {
            while (!attempt.call()) {
                if (System.nanoTime() - started > bound) {
                    throw new LocationException("Timed out after " + (expire + 1) + " s waiting to " + what + " key "
                                                + key.hex() + " of " + owner + ": its lock " + describe(lock)
                                                + " is held by " + holder(lock) + ", and was taken again or renewed within"
                                                + " its expiry of " + expire + " s. Another process is using this key; if"
                                                + " none is, delete that Redis key.", null);
                }
                Thread.sleep(POLL_MILLIS);
                polls++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocationException("Interrupted while waiting to " + what + " key " + key.hex() + " of " + owner
                                        + " (its lock " + describe(lock) + ")", e);
        } catch (LocationException e) {
            throw e;
        } catch (Exception e) {
            throw new LocationException("Could not take the " + what + " lock on key " + key.hex() + " of " + owner + " "
                                        + describe(lock) + ": " + e.getMessage() + ". Check that the Redis server runs"
                                        + " and takes this login.", e);
        }
        if (polls > 0) {
            LOG.debug("Waited {} ms for the {} lock on key {} of {}", (System.nanoTime() - started) / 1_000_000, what,
                    key.hex(), owner);
        }
    }

    /** Runs Python's stop script; a lock that no longer says what this holder set expired while held. */
    private void release(Key key, byte[] lock, RedisScript<byte[]> script, byte[] expected, String what) {
        try {
            byte[] state = template.execute(script, List.of(lock));
            if (!Arrays.equals(state, expected)) {
                LOG.warn("The {} lock on key {} of {} {} said {} when released, not {}: it expired while held, so"
                         + " other processes may have used the key meanwhile. The {} took longer than the locker's"
                         + " expire of {} s: raise expire in the lake's config.yml.", what, key.hex(), owner,
                        describe(lock), state == null ? "nothing" : new String(state, StandardCharsets.US_ASCII),
                        new String(expected, StandardCharsets.US_ASCII), what, expire);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not release the {} lock on key {} of {} {}: {}. It expires by itself within {} s.", what,
                    key.hex(), owner, describe(lock), e.getMessage(), expire);
        }
    }

    /** Who holds a lock, as its value says: a writer ({@code -1}) or a number of readers. */
    private String holder(byte[] lock) {
        try {
            byte[] state = template.opsForValue().get(lock);
            if (state == null) {
                return "nobody any more";
            }
            String text = new String(state, StandardCharsets.US_ASCII);
            return text.equals("-1") ? "a writer (-1)" : text + " reader(s)";
        } catch (RuntimeException e) {
            return "someone (" + e.getMessage() + ")";
        }
    }

    /** The Redis key for messages: the prefix, the size of the digest after it, and the server. */
    private String describe(byte[] lock) {
        return "(Redis key " + prefixText() + " + " + (lock.length - prefix.length) + " digest bytes on " + server + ")";
    }

    /** The prefix with its ':', as text when it is printable ASCII, else as hex. */
    private String prefixText() {
        for (byte b : prefix) {
            if (b < 0x20 || b > 0x7e) {
                return "0x" + HexFormat.of().formatHex(prefix);
            }
        }
        return "'" + new String(prefix, StandardCharsets.US_ASCII) + "'";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void close() {
        disconnect.run();
    }

    @Override
    public String toString() {
        return "RedisLocker " + prefixText() + " on " + server + ", expire " + expire + " s";
    }
}
