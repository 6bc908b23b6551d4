package io.tarn;

/** A location already holds different bytes under the key that is being written. */
public class CollisionException extends TarnException {
    private final Key key;

    public CollisionException(Key key, String where) {
        super("The value stored under key " + key.hex() + " in " + where + " differs from the one being written:"
              + " either the stored copy is corrupt (verify the location and delete it) or the key is not the digest of the value.");
        this.key = key;
    }

    public Key getKey() {
        return key;
    }
}
