package io.tarn.examples;

import java.io.IOException;
import java.nio.file.Path;

import io.tarn.location.Location;
import io.tarn.location.disk.DiskLocation;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** A location as a CDI bean: a lake's spec names it #ssd (Camel Quarkus's registry is Arc's). */
public class Locations {

    @Produces
    @Singleton
    @Named("ssd")
    Location ssd(@ConfigProperty(name = "example.work") Path work) {
        return DiskLocation.open(work.resolve("ssd"));
    }

    void close(@Disposes @Named("ssd") Location ssd) throws IOException {
        ssd.close();
    }
}
