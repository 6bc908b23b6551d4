package io.tarn.lifecycle;

import io.tarn.TarnException;

/**
 * A gc that would not do what its policy says, refused before it removed anything: by age on a location whose uses
 * are not all recorded, where it would go by when values were stored instead of when they were used. The message
 * names the locations and the fix.
 */
public class GcRefusedException extends TarnException {
    public GcRefusedException(String message) {
        super(message);
    }
}
