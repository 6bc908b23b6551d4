package io.tarn.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.tarn.reliability.model.Budget;
import io.tarn.reliability.model.Chains;
import io.tarn.reliability.model.LakeModel;
import io.tarn.reliability.model.Servers;
import io.tarn.reliability.model.Shape;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.state.ActionChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every tree shape the docs show is run through the model ({@link io.tarn.reliability.model.LakeModelTest}'s
 * invariants), so that a page cannot recommend a shape that loses data: the specs of README.md and src-docs/
 * ({@link DocShapes}), with their folders and servers made real ({@link DocEnvironment#rewriteSpec}: redis: and s3:
 * leaves on a real redis-server and s3proxy). A shape the parser (or the tree) refuses cannot lose data: it is reported
 * as refused. Each accepted shape gets {@code tarn.model.docTries} chains (default 2), in turn.
 */
@AddLifecycleHook(Budget.class)
public class DocShapesModelTest implements Budget.Shapes {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static Map<String, String> refused;
    private static List<Shape> accepted;

    @Override
    public int shapes() {
        return accepted().size();
    }

    /** A short budget each: there are many. */
    @Override
    public int triesPerShape() {
        return Integer.getInteger("tarn.model.docTries", Math.min(2, Budget.tries()));
    }

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
                    refused.put(shape.name() + " (" + String.join(", ", spec.getValue()) + ")", rootCause(e));
                }
            }
            System.out.println("DocShapesModelTest: " + all.size() + " specs in the docs, " + accepted.size()
                               + " run by the model:\n  " + accepted.stream().map(shape -> shape.name() + " ("
                               + String.join(", ", all.get(shape.name().substring(Shape.DOCS.length()))) + ")")
                                       .collect(Collectors.joining("\n  "))
                               + "\n" + refused.size() + " refused:\n  "
                               + refused.entrySet().stream().map(r -> r.getKey() + "  ->  " + r.getValue())
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

    @Example
    void theDocsShowShapesAndTheModelRunsThem() {
        assertThat(accepted()).as("shapes of the docs the model runs").hasSizeGreaterThan(10);
    }

    @Property
    void everyShapeTheDocsShowKeepsTheInvariants(@ForAll("docShapes") ActionChain<LakeModel> chain) {
        Chains.run(chain);
    }

    /** The chains of every accepted shape, one shape after the other (so that each gets its share of tries). */
    @Provide
    Arbitrary<ActionChain<LakeModel>> docShapes() {
        List<Shape> shapes = accepted();
        AtomicInteger next = new AtomicInteger();
        return Arbitraries.fromGenerator(random -> Shrinkable.unshrinkable(
                shapes.get(Math.floorMod(next.getAndIncrement(), shapes.size())))).flatMap(Chains::of);
    }
}
