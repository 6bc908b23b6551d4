package io.tarn.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.tarn.location.disk.DiskLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lake this user may not write to (EACCES) declines a write saying so and advising permissions, not free space. The
 * writer is a child JVM: as root, chmod does not stop writes (CAP_DAC_OVERRIDE), so there the child runs under
 * setpriv with every capability dropped, and the folders' mode bits apply to it as to any user.
 */
class PermissionDeniedTest {
    @TempDir
    Path temp;

    @Test
    void aLakeWithoutWritePermissionDeclinesAdvisingPermissionsNotSpace() throws Exception {
        Path root = temp.resolve("lake");
        DiskLocation.open(root);
        List<Path> folders;
        try (Stream<Path> all = Files.walk(root)) {
            folders = all.filter(Files::isDirectory).toList();
        }
        for (Path folder : folders) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        try {
            String said = writeAsChild(root);
            assertThat(said).contains("permission denied")
                    .contains("Give this user write permission on the folder named, or add a writable location.")
                    .doesNotContain("Free space");
        } finally {
            for (Path folder : folders) {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private String writeAsChild(Path root) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("setpriv", "--inh-caps=-all", "--bounding-set=-all"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                PermissionDeniedChildMain.class.getName(), root.toString()));
        Path errors = temp.resolve("child.err");
        Process child = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the child ended").isTrue();
        assertThat(child.exitValue()).as("the child's exit; its errors: %s", Files.readString(errors)).isZero();
        return out;
    }
}
