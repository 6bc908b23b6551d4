package io.tarn;

import java.security.MessageDigest;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.bouncycastle.jcajce.provider.digest.BCMessageDigest;

/**
 * BLAKE2b and BLAKE2s of any digest size, from Bouncy Castle (the JDK has no BLAKE2), as a {@link MessageDigest}.
 * The only class that names Bouncy Castle: {@link HashAlgorithm} touches it after it has checked that the optional
 * dependency is there, so camel-tarn runs without it until a lake asks for BLAKE2.
 */
final class Blake2 extends BCMessageDigest {
    /** Where the classes come from, as a Maven user adds them. */
    static final String ARTIFACT = "org.bouncycastle:bcprov-jdk18on";
    /** A class of the artifact, looked up to tell whether it is on the classpath. */
    static final String PROBE = "org.bouncycastle.crypto.digests.Blake2bDigest";

    private Blake2(Digest digest) {
        super(digest);
    }

    /**
     * A fresh digest; BLAKE2 puts the digest size into its parameter block, so a 32-byte BLAKE2b is not a cut 64-byte
     * one, exactly as Python's {@code hashlib.blake2b(digest_size=32)}.
     *
     * @param b64         BLAKE2b (64-byte state) when true, BLAKE2s otherwise
     * @param digestBytes 1..64 for BLAKE2b, 1..32 for BLAKE2s (checked by the caller)
     */
    static MessageDigest of(boolean b64, int digestBytes) {
        return new Blake2(b64 ? new Blake2bDigest(null, digestBytes, null, null)
                : new Blake2sDigest(null, digestBytes, null, null));
    }
}
