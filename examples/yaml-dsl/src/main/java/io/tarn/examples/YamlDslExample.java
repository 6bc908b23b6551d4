package io.tarn.examples;

import java.nio.file.Path;

import org.apache.camel.main.Main;

/** Runs the YAML routes of src/main/resources/routes with the lake declared in application.properties. */
public final class YamlDslExample {

    private YamlDslExample() {
    }

    public static void main(String[] args) throws Exception {
        String home = System.getProperty("example.home", ".");
        Main main = new Main();
        main.addInitialProperty("example.home", home);
        main.run(args);
        System.out.println("Lake: levels(" + Path.of(home, "work/ssd").toAbsolutePath().normalize() + ", "
                           + Path.of(home, "work/nfs").toAbsolutePath().normalize() + ")");
    }
}
