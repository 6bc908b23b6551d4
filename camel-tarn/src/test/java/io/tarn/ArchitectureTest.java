package io.tarn;

import java.net.URISyntaxException;
import java.net.URL;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.tarn.camel.TarnComponent;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of camel-tarn and tarn-core, checked on their compiled classes: dependencies between io.tarn
 * packages point one way, tarn-core needs no Camel, and each module holds its own packages. (tarn-core's tests cannot
 * import Camel: it is not on that module's class path.)
 */
class ArchitectureTest {
    /** The packages of tarn-core; nothing of camel-tarn lives in them. */
    private static final Set<String> CORE_PACKAGES = Set.of("io.tarn", "io.tarn.format", "io.tarn.location",
            "io.tarn.location.disk", "io.tarn.location.redis", "io.tarn.spec", "io.tarn.memo");

    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");
    /** Production classes only: neither module's tests, whether as a folder or as tarn-core's test-jar. */
    private static final ImportOption PRODUCTION = location -> !location.contains("/test-classes/")
                                                               && !location.matches(TEST_JAR);

    private static final JavaClasses ALL = new ClassFileImporter().withImportOption(PRODUCTION).importPackages("io.tarn");
    private static final JavaClasses CORE = importFrom(Lake.class);
    private static final JavaClasses COMPONENT = importFrom(TarnComponent.class);

    /**
     * One slice per package, but for {@link Lake}: the facade a user holds sits in io.tarn with the vocabulary
     * (Key, Value, the errors) every package uses, and is itself above the location tree it opens — as a slice of its
     * own it has dependencies pointing down only, like every other package.
     */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            if (!type.getPackageName().startsWith("io.tarn")) {
                return SliceIdentifier.ignore();
            }
            JavaClass outer = type;
            while (outer.getEnclosingClass().isPresent()) {
                outer = outer.getEnclosingClass().get();
            }
            return SliceIdentifier.of(outer.isEquivalentTo(Lake.class) ? "io.tarn.Lake" : type.getPackageName());
        }

        @Override
        public String getDescription() {
            return "the io.tarn packages (io.tarn.Lake, the facade over a location tree, as a slice of its own)";
        }
    };

    private static JavaClasses importFrom(Class<?> member) {
        URL codeSource = member.getProtectionDomain().getCodeSource().getLocation();
        try {
            return new ClassFileImporter().importLocations(Set.of(Location.of(codeSource.toURI())));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(codeSource.toString(), e);
        }
    }

    @Test
    void noCycleAmongThePackages() {
        assertThat(ALL.stream().map(JavaClass::getPackageName).distinct()).contains("io.tarn", "io.tarn.location",
                "io.tarn.location.disk", "io.tarn.spec", "io.tarn.memo", "io.tarn.camel", "io.tarn.camel.memo");
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(ALL);
    }

    @Test
    void tarnCoreNeedsNoCamel() {
        assertThat(CORE).as("tarn-core's classes").isNotEmpty();
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..")
                .because("tarn-core is the store without Camel").check(CORE);
    }

    @Test
    void eachModuleHoldsItsOwnPackages() {
        assertThat(packagesOf(CORE)).isEqualTo(new TreeSet<>(CORE_PACKAGES));
        assertThat(packagesOf(COMPONENT)).allSatisfy(name -> assertThat(name).startsWith("io.tarn.")
                .isNotIn(CORE_PACKAGES));
    }

    /** Which classes need a transport's library is a folder: each backend's package and no other. */
    @Test
    void eachBackendStaysInItsPackage() {
        backend("io.tarn.camel.remote.s3", "software.amazon.awssdk..", "org.apache.camel.component.aws2.s3..");
        backend("io.tarn.camel.remote.redis", "org.apache.camel.component.redis..");
        backend("io.tarn.camel.remote.ssh", "com.jcraft.jsch..", "org.apache.camel.component.file..",
                "org.apache.camel.component.scp..");
        backend("io.tarn.camel.remote.http", "org.apache.hc..", "org.apache.camel.component.http..");
        backend("io.tarn.camel.remote.memory", "com.github.benmanes.caffeine..", "org.apache.camel.component.caffeine..");
        // Micrometer is optional: only the meters need it, and nothing loads them when it is absent
        backend("io.tarn.camel.metrics", "io.micrometer..");
        // Spring Data Redis: the Redis location, and tarn-core's RedisLocker (io.tarn.location.redis) that it shares
        noClasses().that().resideOutsideOfPackages("io.tarn.camel.remote.redis", "io.tarn.location.redis")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.data.redis..", "redis.clients..")
                .check(ALL);
        // the backends know the shared remote parts, never each other
        slices().matching("io.tarn.camel.remote.(*)..").should().notDependOnEachOther().check(ALL);
        assertThat(ALL.stream().map(JavaClass::getPackageName).filter(name -> name.startsWith("io.tarn.camel.remote.")))
                .contains("io.tarn.camel.remote.s3", "io.tarn.camel.remote.redis", "io.tarn.camel.remote.ssh",
                        "io.tarn.camel.remote.http", "io.tarn.camel.remote.memory");
    }

    private static void backend(String home, String... transport) {
        noClasses().that().resideOutsideOfPackage(home).should().dependOnClassesThat().resideInAnyPackage(transport)
                .because("the classes that need " + String.join(", ", transport) + " live in " + home).check(ALL);
    }

    private static Set<String> packagesOf(JavaClasses classes) {
        Set<String> packages = new TreeSet<>();
        classes.forEach(type -> packages.add(type.getPackageName()));
        return packages;
    }
}
