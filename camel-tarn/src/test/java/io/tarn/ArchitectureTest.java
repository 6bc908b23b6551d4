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
import org.junit.jupiter.api.Test;

import io.tarn.camel.TarnComponent;
import io.tarn.lake.Folders;
import io.tarn.lake.Lake;

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
    private static final Set<String> CORE_PACKAGES = Set.of("io.tarn", "io.tarn.format", "io.tarn.lake",
            "io.tarn.location", "io.tarn.location.combine", "io.tarn.location.eviction", "io.tarn.location.metrics",
            "io.tarn.location.disk", "io.tarn.lock.redis", "io.tarn.spec", "io.tarn.memo", "io.tarn.lifecycle");

    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");
    /** Production classes only: neither module's tests, whether as a folder or as tarn-core's test-jar. */
    private static final ImportOption PRODUCTION = location -> !location.contains("/test-classes/")
                                                               && !location.matches(TEST_JAR);

    private static final JavaClasses ALL = new ClassFileImporter().withImportOption(PRODUCTION).importPackages("io.tarn");
    private static final JavaClasses CORE = importFrom(Lake.class);
    private static final JavaClasses COMPONENT = importFrom(TarnComponent.class);

    private static JavaClasses importFrom(Class<?> member) {
        URL codeSource = member.getProtectionDomain().getCodeSource().getLocation();
        try {
            return new ClassFileImporter().importLocations(Set.of(Location.of(codeSource.toURI())));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(codeSource.toString(), e);
        }
    }

    /** One slice per package, with no exemption: the vocabulary at the bottom, the Lake facade above the tree. */
    @Test
    void noCycleAmongThePackages() {
        assertThat(ALL.stream().map(JavaClass::getPackageName).distinct()).containsAll(CORE_PACKAGES)
                .contains("io.tarn.camel", "io.tarn.camel.memo", "io.tarn.camel.backend.s3");
        slices().matching("io.tarn.(**)").should().beFreeOfCycles().check(ALL);
    }

    /**
     * The layers of tarn-core, bottom up: the vocabulary (io.tarn) and the lake format know no location; the Location
     * SPI knows neither its combinators nor its backends; eviction sits below the combinators that use it.
     */
    @Test
    void theLayersPointDown() {
        noClasses().that().resideInAPackage("io.tarn").should().dependOnClassesThat().resideInAPackage("io.tarn.*..")
                .check(ALL);
        noClasses().that().resideInAPackage("io.tarn.format").should().dependOnClassesThat()
                .resideOutsideOfPackages("io.tarn", "io.tarn.format", "java..", "org.yaml.snakeyaml..").check(ALL);
        noClasses().that().resideInAPackage("io.tarn.location").should().dependOnClassesThat()
                .resideInAnyPackage("io.tarn.location.*..", "io.tarn.lake..", "io.tarn.lifecycle..", "io.tarn.spec..",
                        "io.tarn.memo..", "io.tarn.camel..").check(ALL);
        noClasses().that().resideInAPackage("io.tarn.location.eviction").should().dependOnClassesThat()
                .resideInAnyPackage("io.tarn.location.combine..", "io.tarn.location.metrics..", "io.tarn.location.disk..")
                .check(ALL);
        // nothing above the disk backend names it: it is asked for what it can do through Location's Optional
        // capabilities (changes, companion, localFile, evictable...); the backends made through Camel transports read
        // the lake format from io.tarn.format; the Lake facade alone chooses the disk engine for a folder
        noClasses().that().resideInAnyPackage("io.tarn.camel..", "io.tarn.memo..", "io.tarn.lifecycle..")
                .should().dependOnClassesThat().resideInAPackage("io.tarn.location.disk..")
                .because("the disk backend is asked through Location's capabilities, never named above it").check(ALL);
        // gc and the memo index ask the tree through the Location SPI alone (members(), evictable(), companion()...),
        // never testing for a combinator, a meter or a backend
        noClasses().that().resideInAnyPackage("io.tarn.lifecycle..", "io.tarn.memo..").should().dependOnClassesThat()
                .resideInAPackage("io.tarn.location.*..").check(ALL);
        noClasses().that().resideInAPackage("io.tarn.lake..")
                .and().doNotHaveFullyQualifiedName(Lake.class.getName())
                .and().doNotHaveFullyQualifiedName(Folders.class.getName())
                .should().dependOnClassesThat().resideInAPackage("io.tarn.location.disk..")
                .because("the facade's factories (Lake.open, Folders) choose the disk engine; nothing else of"
                         + " io.tarn.lake names it").check(ALL);
        // the Redis lock client: the disk lake's locker, and the Redis location's shared connection settings
        noClasses().that().resideOutsideOfPackages("io.tarn.lock.redis", "io.tarn.location.disk", "io.tarn.camel.backend.redis")
                .should().dependOnClassesThat().resideInAPackage("io.tarn.lock.redis").check(ALL);
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
        backend("io.tarn.camel.backend.s3", "software.amazon.awssdk..", "org.apache.camel.component.aws2.s3..",
                "org.apache.camel.component.aws.common..");
        backend("io.tarn.camel.backend.redis", "org.apache.camel.component.redis..");
        backend("io.tarn.camel.backend.ssh", "com.jcraft.jsch..", "org.apache.camel.component.file..",
                "org.apache.camel.component.scp..");
        backend("io.tarn.camel.backend.http", "org.apache.hc..", "org.apache.camel.component.http..");
        backend("io.tarn.camel.backend.memory", "com.github.benmanes.caffeine..", "org.apache.camel.component.caffeine..");
        // Micrometer is optional: only the meters need it, and nothing loads them when it is absent
        backend("io.tarn.camel.metrics", "io.micrometer..");
        // Spring Data Redis: the Redis location, and tarn-core's RedisLocker (io.tarn.lock.redis) that it shares
        noClasses().that().resideOutsideOfPackages("io.tarn.camel.backend.redis", "io.tarn.lock.redis")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.data.redis..", "redis.clients..")
                .check(ALL);
        // the backends know the shared remote parts, never each other
        slices().matching("io.tarn.camel.backend.(*)..").should().notDependOnEachOther().check(ALL);
        assertThat(ALL.stream().map(JavaClass::getPackageName).filter(name -> name.startsWith("io.tarn.camel.backend.")))
                .contains("io.tarn.camel.backend.s3", "io.tarn.camel.backend.redis", "io.tarn.camel.backend.ssh",
                        "io.tarn.camel.backend.http", "io.tarn.camel.backend.memory");
    }

    /** Every remote backend talks to its server the same way: only CamelTransport drives a Camel producer. */
    @Test
    void oneWayToDriveAProducer() {
        noClasses().that().resideInAnyPackage("io.tarn.camel.backend..")
                .and().doNotHaveFullyQualifiedName("io.tarn.camel.backend.CamelTransport")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.apache.camel.Producer")
                .because("CamelTransport is the one way a remote location drives a Camel producer").check(ALL);
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
