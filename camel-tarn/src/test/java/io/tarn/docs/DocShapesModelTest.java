package io.tarn.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.tarn.LocationSpecException;
import io.tarn.reliability.model.Budget;
import io.tarn.reliability.model.LakeModel;
import io.tarn.reliability.model.Servers;
import io.tarn.reliability.model.Shape;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every tree shape the docs show is run through the model ({@link io.tarn.reliability.model.LakeModelTest}'s
 * invariants), so that a page cannot recommend a shape that loses data: the specs of README.md and src-docs/
 * ({@link DocShapes}), with their folders and servers made real ({@link DocEnvironment#rewriteSpec}: redis: and s3:
 * leaves on a real redis-server and s3proxy). A shape the parser refuses cannot lose data: it is reported as refused,
 * and the refusal must be the parser's ({@link LocationSpecException}), not any other failure to open it. Every
 * accepted shape runs in every run, with short sequences ({@link Budget#docTries()}, {@link Budget#docSteps()}).
 */
public class DocShapesModelTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    /** Refused shapes (with where the docs show them), and what the parser (or whatever failed) threw. */
    private static Map<String, RuntimeException> refused;
    private static List<Shape> accepted;

    /** The shapes of the docs, each opened once: accepted ones are run by the model, refused ones say why. */
    static synchronized List<Shape> accepted() {
        if (accepted == null) {
            accepted = new ArrayList<>();
            refused = new LinkedHashMap<>();
            Map<String, List<String>> all = DocShapes.all(REPOSITORY);
            for (Map.Entry<String, List<String>> spec : all.entrySet()) {
                Shape shape = shape(spec.getKey());
                try {
                    LakeModel.open(shape);
                    accepted.add(shape);
                } catch (RuntimeException e) {
                    refused.put(shape.name() + " (" + String.join(", ", spec.getValue()) + ")", e);
                }
            }
            System.out.println("DocShapesModelTest: " + all.size() + " specs in the docs, " + accepted.size()
                               + " run by the model:\n  " + accepted.stream().map(shape -> shape.name() + " ("
                               + String.join(", ", all.get(shape.name().substring(Shape.DOCS.length()))) + ")")
                                       .collect(Collectors.joining("\n  "))
                               + "\n" + refused.size() + " refused:\n  "
                               + refused.entrySet().stream().map(r -> r.getKey() + "  ->  " + rootCause(r.getValue()))
                                       .collect(Collectors.joining("\n  ")));
        }
        return accepted;
    }

    private static Shape shape(String spec) {
        return new Shape(Shape.DOCS + spec, folder -> new DocEnvironment(Files.createDirectories(folder.resolve("doc")))
                .rewriteSpec(spec, new DocEnvironment.Servers() {
                    private final String prefix = "doc" + PREFIXES.incrementAndGet();

                    @Override
                    public String redisLeaf(String otherOptions) {
                        String options = otherOptions.replaceAll("^&+", "");
                        return Servers.get().redisLeaf(prefix) + (options.isEmpty() ? "" : "&" + options);
                    }

                    @Override
                    public String s3Leaf() {
                        return Servers.get().s3Leaf(prefix);
                    }
                }), true);
    }

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    @Test
    void theDocsShowShapesAndTheModelRunsThem() {
        assertThat(accepted()).as("shapes of the docs the model runs").hasSizeGreaterThan(10);
    }

    /**
     * Every accepted shape, each its short sequences; every refused one, checked to be refused by the parser.
     */
    @TestFactory
    Stream<DynamicTest> everyShapeTheDocsShowKeepsTheInvariants() {
        List<Shape> shapes = Budget.selected(accepted());
        long share = Budget.share(shapes.size());
        Stream<DynamicTest> runs = shapes.stream().map(shape -> dynamicTest(shape.name(),
                () -> Budget.run(shape, Budget.docTries(), Budget.docSteps(), share)));
        Stream<DynamicTest> refusals = refused.entrySet().stream().map(refusal -> dynamicTest("refused: "
                + refusal.getKey(), () -> assertThat(Stream.iterate(refusal.getValue(), Objects::nonNull,
                        Throwable::getCause)).as("why the shape could not be opened (the parser's refusal, nothing"
                                                 + " else): %s", refusal.getValue())
                .anyMatch(LocationSpecException.class::isInstance)));
        return Stream.concat(runs, refusals);
    }
}
