package io.tarn.camel.quarkus.deployment;

import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.IndexDependencyBuildItem;
import io.quarkus.deployment.pkg.steps.NativeOrNativeSourcesBuild;
import org.apache.camel.quarkus.core.JvmOnlyRecorder;
import org.apache.camel.quarkus.core.deployment.spi.CamelServiceDestination;
import org.apache.camel.quarkus.core.deployment.spi.CamelServicePatternBuildItem;
import org.jboss.logging.Logger;

/**
 * The build steps of the Camel Tarn extension: camel-tarn's services (the component, its configurers, the location
 * converter) found as Camel Quarkus finds those of Camel's own components, and its dev console too. JVM mode only:
 * a native build is warned, at build time and at run time, as Camel Quarkus warns for its JVM-only extensions (see
 * src-docs/quarkus.md, "Native mode").
 */
class TarnProcessor {
    private static final Logger LOG = Logger.getLogger(TarnProcessor.class);
    private static final String FEATURE = "camel-tarn";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /** camel-tarn's jar has no Jandex index of its own: indexed, its services and converters are found. */
    @BuildStep
    IndexDependencyBuildItem indexComponent() {
        return new IndexDependencyBuildItem("io.tarn", "camel-tarn");
    }

    /**
     * The tarn dev console, and the console registry of camel-console when the application has it: Camel Quarkus's own
     * patterns leave both out, so that with camel.main.dev-console-enabled=true the tarn console answers as under Camel
     * Main and Spring Boot. Camel's other consoles stay as Camel Quarkus has them (its service discovery patterns).
     */
    @BuildStep
    CamelServicePatternBuildItem devConsole() {
        return new CamelServicePatternBuildItem(CamelServiceDestination.DISCOVERY, true,
                "META-INF/services/org/apache/camel/dev-console/tarn",
                "META-INF/services/org/apache/camel/dev-console/default-registry");
    }

    @BuildStep(onlyIf = NativeOrNativeSourcesBuild.class)
    @Record(value = ExecutionTime.RUNTIME_INIT)
    void warnJvmInNative(JvmOnlyRecorder recorder) {
        JvmOnlyRecorder.warnJvmInNative(LOG, FEATURE);
        recorder.warnJvmInNative(FEATURE);
    }
}
