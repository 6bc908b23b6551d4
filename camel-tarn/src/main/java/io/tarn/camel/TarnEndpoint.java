package io.tarn.camel;

import java.nio.file.Path;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.util.URISupport;

import io.tarn.camel.feed.FeedUri;
import io.tarn.lake.Lake;
import io.tarn.location.Location;

/**
 * Store message bodies in a content-addressed data lake (Python tarn compatible) and read them back by their SHA-256;
 * consume the values as they arrive.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "tarn", title = "Tarn", syntax = "tarn:name",
             category = { Category.FILE, Category.CACHE }, headersClass = TarnConstants.class)
public class TarnEndpoint extends ScheduledPollEndpoint {

    @UriPath(description = "The name of the lake. Without location or root, it is also the name of its folder under"
                           + " the component's baseDirectory.")
    @Metadata(required = true)
    private final String name;

    @UriParam
    private final TarnConfiguration configuration;

    private volatile Lake lake;
    private TarnHealthCheck healthCheck;

    public TarnEndpoint(String uri, TarnComponent component, String name, TarnConfiguration configuration) {
        super(uri, component);
        this.name = name;
        this.configuration = configuration;
    }

    @Override
    public TarnComponent getComponent() {
        return (TarnComponent) super.getComponent();
    }

    public String getName() {
        return name;
    }

    public TarnConfiguration getConfiguration() {
        return configuration;
    }

    /** The lake this endpoint works on; resolved when the endpoint starts. */
    public Lake getLake() {
        return lake;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Object location = configuration.getLocation();
        if (location == null && (configuration.getRoot() == null || configuration.getRoot().isBlank())) {
            location = getComponent().getLakes().get(name);
        }
        if (location instanceof Location tree) {
            lake = getComponent().lakeOf(tree);
        } else if (location instanceof String spec && !spec.isBlank()) {
            lake = getComponent().lakeOf(getComponent().parseSpec(spec));
        } else if (location != null) {
            throw new IllegalArgumentException("The lake " + name + " of the component's lakes option is a "
                                               + location.getClass().getName() + ": give a location spec or a #bean of type "
                                               + Location.class.getName());
        } else if (configuration.getRoot() != null && !configuration.getRoot().isBlank()) {
            lake = getComponent().lakeAt(Path.of(configuration.getRoot()));
        } else {
            Path base = getComponent().baseDirectory(this, "its disk lake",
                    "name the lake (camel.component.tarn.lakes." + name + "=SPEC, or the location or root option)");
            lake = getComponent().lakeAt(base.resolve(safeFolderName()));
        }
        if (configuration.getSpoolFolder() != null && !configuration.getSpoolFolder().isBlank()) {
            lake = lake.withSpoolFolder(Path.of(configuration.getSpoolFolder()));
        }
        if (configuration.isVerifiedReads()) {
            lake = lake.withVerifiedReads();
        }
        getComponent().observe(name, lake);
        HealthCheckRegistry health = HealthCheckRegistry.get(getCamelContext());
        if (health != null && health.getCheck("tarn-" + name).isEmpty()) {
            healthCheck = new TarnHealthCheck(name, lake, () -> getComponent().healthCheckWanted(name));
            health.register(healthCheck);
        }
    }

    @Override
    protected void doStop() throws Exception {
        HealthCheckRegistry health = HealthCheckRegistry.get(getCamelContext());
        if (health != null && healthCheck != null) {
            health.unregister(healthCheck);
            healthCheck = null;
        }
        super.doStop();
    }

    private String safeFolderName() {
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || name.contains("..")) {
            throw new IllegalArgumentException("The lake name '" + name + "' in " + getEndpointUri()
                                               + " is not a plain folder name (letters, digits, '.', '_', '-'):"
                                               + " rename it, or give the folder with root=...");
        }
        return name;
    }

    @Override
    public Producer createProducer() {
        getComponent().usedBy(name, true);
        return new TarnProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        getComponent().usedBy(name, false);
        String changes = configuration.changesUri();
        boolean group = configuration.getGroupId() != null && !configuration.getGroupId().isBlank();
        if (group && changes == null) {
            throw new IllegalArgumentException(URISupport.sanitizeUri(getEndpointUri()) + " names the consumer group "
                                               + configuration.getGroupId() + " but no change feed: give the changes"
                                               + " option (on the endpoint or camel.component.tarn.changes), or drop"
                                               + " groupId to scan the lake");
        }
        if (changes != null && (group || FeedUri.namesGroup(changes))) {
            TarnFeedConsumer consumer = new TarnFeedConsumer(this, processor);
            configureConsumer(consumer);
            return consumer;
        }
        TarnConsumer consumer = new TarnConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
