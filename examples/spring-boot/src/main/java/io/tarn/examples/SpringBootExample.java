package io.tarn.examples;

import java.nio.file.Path;

import io.tarn.location.Location;
import io.tarn.location.disk.DiskLocation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** A Spring Boot application whose lakes come from application.properties (routes: IngestRoutes). */
@SpringBootApplication
public class SpringBootExample {

    /** A location as a Spring bean: a lake's spec names it #ssd. Build here what a spec cannot say. */
    @Bean
    Location ssd(@Value("${example.work}/ssd") Path folder) {
        return DiskLocation.open(folder);
    }

    public static void main(String[] args) {
        Environment environment = SpringApplication.run(SpringBootExample.class, args).getEnvironment();
        System.out.println("Lakes: archive = " + environment.getProperty("camel.component.tarn.lakes.archive")
                           + ", counts = " + environment.getProperty("camel.component.tarn.base-directory") + "/counts");
    }
}
