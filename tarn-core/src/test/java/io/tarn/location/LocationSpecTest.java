package io.tarn.location;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tarn.LocationSpecException;
import io.tarn.location.combine.Fanout;
import io.tarn.location.combine.Level;
import io.tarn.location.combine.Levels;
import io.tarn.location.combine.ReadOnly;
import io.tarn.location.combine.Small;
import io.tarn.location.disk.DiskLocation;
import io.tarn.spec.LeafFactory;
import io.tarn.spec.LocationSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocationSpecTest {
    @TempDir
    Path tmp;

    private Location disk(String name) {
        return DiskLocation.open(tmp.resolve(name));
    }

    @Test
    void aFolderIsADiskLake() {
        assertThat(LocationSpec.parse(tmp.resolve("a").toString())).isEqualTo(disk("a"));
        assertThat(LocationSpec.parse("disk:" + tmp.resolve("b"))).isEqualTo(disk("b"));
    }

    @Test
    void theComposabilityTreeParses() {
        String spec = "levels(small(" + tmp.resolve("hot") + ", 100KiB), " + tmp.resolve("ssd") + ", "
                      + "fanout(" + tmp.resolve("hdd1") + ", levels(" + tmp.resolve("hdd3") + ", " + tmp.resolve("old") + ")), "
                      + "level(" + tmp.resolve("nfs") + ", write=false, touch=true, name=nfs))";
        Location parsed = LocationSpec.parse(spec);
        Location expected = Levels.ofLevels(
                Level.of(new Small(disk("hot"), 100 * 1024)),
                Level.of(disk("ssd")),
                Level.of(Fanout.of(disk("hdd1"), Levels.of(disk("hdd3"), disk("old")))),
                Level.of(disk("nfs")).withWrite(false).withTouch(true).withName("nfs"));
        assertThat(parsed).isEqualTo(expected);
    }

    @Test
    void aTreePrintsBackAsASpecThatParsesToAnEqualTree() {
        Location tree = Levels.ofLevels(
                Level.of(new Small(disk("hot"), 100 * 1024)),
                Level.of(new ReadOnly(disk("with space, and comma"))).withReplicate(false),
                Level.of(Fanout.of(disk("x"), new Small(disk("y"), 10_000_000_000L))).withName("two disks"));
        String printed = tree.toString();
        assertThat(LocationSpec.parse(printed)).isEqualTo(tree);
        assertThat(LocationSpec.parse(printed).toString()).isEqualTo(printed);
        assertThat(printed).contains("100KiB").contains("10G").contains("replicate=false");
    }

    @Test
    void leavesTheCoreDoesNotKnowComeFromTheResolver() {
        Map<String, Location> beans = Map.of("#hot", disk("beans-hot"));
        Location parsed = LocationSpec.parse("levels(#hot, " + tmp.resolve("cold") + ")", beans::get);
        assertThat(parsed).isEqualTo(Levels.of(disk("beans-hot"), disk("cold")));
    }

    @Test
    void errorsNameThePositionAndWhatWasExpected() {
        assertThatThrownBy(() -> LocationSpec.parse("levels(/a, /b"))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("position 14").hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> LocationSpec.parse("levles(/a)"))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("position 1")
                .hasMessageContaining("levels, level, fanout, small or readonly");
        assertThatThrownBy(() -> LocationSpec.parse("small(/a)"))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("maximum size");
        assertThatThrownBy(() -> LocationSpec.parse("small(/a, 10 parsecs)"))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("parsecs").hasMessageContaining("position 11");
        assertThatThrownBy(() -> LocationSpec.parse("levels(level(/a, write=maybe))"))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("true or false");
        assertThatThrownBy(() -> LocationSpec.parse("levels(level(/a, colour=red))"))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("write, replicate, touch, name, cache, capacity");
        assertThatThrownBy(() -> LocationSpec.parse("s4:bucket"))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("'s4:bucket'");
        assertThatThrownBy(() -> LocationSpec.parse("fanout(/a) trailing"))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("end of the spec");
        assertThatThrownBy(() -> LocationSpec.parse(" "))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("Empty");
    }

    /**
     * Every spec error prints the spec on a line of its own and a caret under the first character of what is wrong: a
     * bad option value (a size, a fraction, a flag), not the option's name; a level that must not be bounded, under its
     * capacity option.
     */
    @Test
    void theCaretSitsUnderTheFirstCharacterOfWhatIsWrong() {
        Map<String, String> badAt = new java.util.LinkedHashMap<>();
        badAt.put("levels(level(/tmp/x, capacity=12XB, cache=true), /tmp/y)", "12XB");
        badAt.put("levels(level(/tmp/x, capacity=1GiB, lowWatermark=150%, cache=true), /tmp/y)", "150%");
        badAt.put("levels(level(/tmp/x, cache=true, capacity = 0), /tmp/y)", "0)");
        badAt.put("levels(level(/tmp/x, cache=true, capacityValues=many), /tmp/y)", "many");
        badAt.put("levels(level(/tmp/x, cache=true, lowWatermark=0.5), /tmp/y)", "lowWatermark");
        badAt.put("levels(level(/tmp/x, write=maybe), /tmp/y)", "maybe");
        badAt.put("small(/tmp/x, 10 parsecs)", "10 parsecs");
        badAt.put("small(/tmp/x, maxSize=10 parsecs)", "10 parsecs");
        badAt.put("levels(level(/tmp/x, capacity=1GiB), /tmp/y)", "capacity=1GiB");
        badAt.put("levels(/tmp/x, /tmp/y", "");
        for (Map.Entry<String, String> bad : badAt.entrySet()) {
            String spec = bad.getKey();
            int at = bad.getValue().isEmpty() ? spec.length() : spec.indexOf(bad.getValue());
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> LocationSpec.parse(spec));
            assertThat(thrown).as(spec).isInstanceOf(LocationSpecException.class);
            List<String> lines = List.of(thrown.getMessage().split("\n"));
            assertThat(lines).as(spec).hasSizeGreaterThanOrEqualTo(3);
            assertThat(lines.get(lines.size() - 2)).as(spec + ": the spec on a line of its own").isEqualTo("  " + spec);
            assertThat(lines.get(lines.size() - 1)).as(spec + ": the caret under '" + bad.getValue() + "'")
                    .isEqualTo("  " + " ".repeat(at) + "^");
            assertThat(thrown.getMessage()).as(spec).contains("position " + (at + 1));
        }
    }

    @Test
    void aSpecThatFailsToParseCreatesNothing() {
        // the error is after two valid folder leaves: neither lake is opened, no folder created
        for (String tail : new String[] {"bogus(/c))", "small(/c, 10 parsecs))", "level(/c, write=maybe))", "s4:bucket)",
                                         "/c"}) {
            String spec = "levels(" + tmp.resolve("a") + ", fanout(" + tmp.resolve("b") + "), " + tail;
            assertThatThrownBy(() -> LocationSpec.parse(spec)).isInstanceOf(LocationSpecException.class);
            assertThat(tmp.resolve("a")).doesNotExist();
            assertThat(tmp.resolve("b")).doesNotExist();
        }
        assertThatThrownBy(() -> LocationSpec.parse("levels(" + tmp.resolve("a") + ", disk:)"))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("a folder after disk:");
        assertThat(tmp.resolve("a")).doesNotExist();
    }

    @Test
    void leafFactoriesAreFoundByScheme() {
        assertThat(LocationSpec.registeredSchemes()).contains("disk");
        // a factory handed to the parser adds a scheme; it makes its leaf only once the whole spec is valid
        List<String> made = new ArrayList<>();
        LeafFactory mem = new LeafFactory() {
            @Override
            public Set<String> schemes() {
                return Set.of("mem");
            }

            @Override
            public Supplier<Location> parse(String leaf) {
                if (!leaf.startsWith("mem:") || leaf.length() == 4) {
                    throw new BadLeafException("a name after mem:", "nothing");
                }
                return () -> {
                    made.add(leaf);
                    return DiskLocation.open(tmp.resolve(leaf.substring(4)));
                };
            }
        };
        assertThatThrownBy(() -> LocationSpec.parse("fanout(mem:x, mem:)", text -> null, List.of(mem)))
                .isInstanceOf(LocationSpecException.class).hasMessageContaining("position 15")
                .hasMessageContaining("a name after mem:");
        assertThat(made).isEmpty();
        assertThat(LocationSpec.parse("fanout(mem:x, mem:y)", text -> null, List.of(mem)))
                .isEqualTo(new Fanout(List.of(disk("x"), disk("y"))));
        assertThat(made).containsExactly("mem:x", "mem:y");
    }
}
