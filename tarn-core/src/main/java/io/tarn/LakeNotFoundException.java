package io.tarn;

import java.nio.file.Path;

/**
 * There is no lake where one was to be read: the folder holds no config.yml (nor any value). Only a write creates a
 * lake, so that a mistyped folder or lake name fails here instead of reading as an empty lake forever.
 */
public class LakeNotFoundException extends LocationException {
    private final Path folder;

    public LakeNotFoundException(Path folder) {
        super("No lake at " + folder + " (no config.yml there): check the root option or the lake name, or write a"
              + " value first, which creates the lake", null);
        this.folder = folder;
    }

    /** The folder that holds no lake, absolute. */
    public Path getFolder() {
        return folder;
    }
}
