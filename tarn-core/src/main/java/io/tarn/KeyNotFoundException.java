package io.tarn;

/** The key is not stored in any location of the lake. */
public class KeyNotFoundException extends TarnException {
    private final Key key;

    public KeyNotFoundException(Key key, String where) {
        super("Key " + key.hex() + " is not found in " + where
              + ". Check the key, or that the value was written to this lake (use ignoreMissing=true to get CamelTarnFound=false instead).");
        this.key = key;
    }

    public Key getKey() {
        return key;
    }
}
