package io.tarn.camel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.IOHelper;
import org.apache.camel.util.URISupport;

import io.tarn.LocationSpecException;
import io.tarn.camel.feed.ChangePublisher;
import io.tarn.camel.metrics.Micrometer;
import io.tarn.camel.observe.ManagedLakes;
import io.tarn.camel.observe.MissReasons;
import io.tarn.camel.observe.ObservedLakes;
import io.tarn.lake.Folders;
import io.tarn.lake.Lake;
import io.tarn.location.Location;
import io.tarn.spec.LocationSpec;

/**
 * The {@code tarn:} component: endpoints that write message bodies into a content-addressed lake and read them back
 * by key. Endpoints that name the same lake share one {@link Lake}. The health options (healthCheckProducerEnabled,
 * healthCheckConsumerEnabled) turn the lake checks ({@link TarnHealthCheck}) of producer and consumer endpoints off.
 */
@Component("tarn")
public class TarnComponent extends DefaultComponent implements ObservedLakes {

    @Metadata(defaultValue = "tarn",
              description = "The folder under which an endpoint with neither location nor root keeps its disk lake,"
                            + " in a sub-folder named after the endpoint (tarn:images uses tarn/images).")
    private String baseDirectory = "tarn";

    @Metadata(description = "Named lakes: lake name to a location spec (or a Location bean). An endpoint tarn:NAME with"
                            + " neither location nor root uses the lake of that name, e.g."
                            + " camel.component.tarn.lakes.images=levels(/mnt/ssd/images, /mnt/nfs/images).")
    private Map<String, Object> lakes = new LinkedHashMap<>();

    @Metadata(label = "advanced", description = "Defaults for every endpoint's options.")
    private TarnConfiguration configuration = new TarnConfiguration();

    // the names and group of camel-aws2-s3's (HealthCheckComponent's) options; not that class, whose producer option
    // says Camel's producer checks are off by default: a lake check is no producer check and is on
    @Metadata(label = "health", defaultValue = "true",
              description = "Whether the lake health checks (tarn-NAME) of endpoints that consumers use are enabled.")
    private boolean healthCheckConsumerEnabled = true;

    @Metadata(label = "health", defaultValue = "true",
              description = "Whether the lake health checks (tarn-NAME) of endpoints that producers use are enabled. An"
                            + " endpoint used both ways has its check while either option is true.")
    private boolean healthCheckProducerEnabled = true;

    private final DroppedLabels droppedLabels = new DroppedLabels();
    private final Set<String> producedTo = ConcurrentHashMap.newKeySet();
    private final Set<String> consumedFrom = ConcurrentHashMap.newKeySet();
    private final Map<Object, Lake> opened = new ConcurrentHashMap<>();
    private final Map<String, Location> parsed = new ConcurrentHashMap<>();
    private final Set<Location> beans = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The lakes endpoints use, by name, for the dev console, JMX and the meters (see {@link #observe}). */
    private final Map<String, Lake> observed = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<ObservedLakes.Observer> observers = new ArrayList<>();
    /** The change feeds writers publish to, by URI: one publisher (one Kafka producer) per feed. */
    private final Map<String, ChangePublisher> publishers = new ConcurrentHashMap<>();
    private volatile MissReasons missReasons = MissReasons.of(io.tarn.memo.RecentMisses.shared());

    public TarnComponent() {
    }

    public TarnComponent(CamelContext context) {
        super(context);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            // Camel turns a repeated option into a List, whose text "[a, b]" would become a relative folder name
            if (parameter.getValue() instanceof java.util.Collection<?>) {
                throw new IllegalArgumentException("The option " + parameter.getKey() + " is given more than once in "
                                                   + URISupport.sanitizeUri(uri) + ": give it once");
            }
        }
        TarnEndpoint endpoint = new TarnEndpoint(uri, this, remaining, configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    // the generated configurers with their values checked; made here, since Camel resolves its own only once the
    // component is built and a Spring Boot customizer configures it before that
    private final PropertyConfigurer componentOptions = new CheckedOptions(new TarnComponentConfigurer());
    private final PropertyConfigurer endpointOptions = new CheckedOptions(new TarnEndpointConfigurer());

    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return componentOptions;
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return endpointOptions;
    }

    /** Records that a producer (or a consumer) uses the lake of this name, for its health check. */
    void usedBy(String lake, boolean producer) {
        (producer ? producedTo : consumedFrom).add(lake);
    }

    /**
     * Whether the health options want the check of the lake of this name: the producer option for a lake producers
     * use, the consumer option for one a consumer uses (either, for one used both ways, or not used yet).
     */
    boolean healthCheckWanted(String lake) {
        boolean produced = producedTo.contains(lake);
        boolean consumed = consumedFrom.contains(lake);
        if (!produced && !consumed) {
            return healthCheckProducerEnabled || healthCheckConsumerEnabled;
        }
        return produced && healthCheckProducerEnabled || consumed && healthCheckConsumerEnabled;
    }

    /** The publisher of the change feed this URI names, started on first use; shared by every writer of the feed. */
    ChangePublisher publisher(String changes) {
        return publishers.computeIfAbsent(changes, uri -> {
            ChangePublisher publisher = new ChangePublisher(getCamelContext(), uri);
            ServiceHelper.startService(publisher);
            return publisher;
        });
    }

    DroppedLabels droppedLabels() {
        return droppedLabels;
    }

    /**
     * The lake over a location given as a bean or a spec; shared by every endpoint that names the same one. A tree the
     * lake refuses (one that may drop what it acknowledges) is closed, if this component built it, and forgotten.
     */
    Lake lakeOf(Location location) {
        try {
            return opened.computeIfAbsent(location, l -> new Lake((Location) l).metered());
        } catch (LocationSpecException e) {
            if (parsed.values().remove(location)) {
                closeBuilt(location);
            }
            throw e;
        }
    }

    /**
     * Builds the tree a location spec describes; {@code #name} leaves are beans of type Location in the registry,
     * remote leaves ({@code s3:}, {@code redis:}, {@code sftp:}, {@code scp:}, {@code http://}, {@code caffeine:})
     * are made through their Camel transports (see {@link RemoteLeaves}).
     */
    public Location parseSpec(String spec) {
        // once per component: every endpoint naming the same spec shares one tree (one set of connections)
        return parsed.computeIfAbsent(spec.trim(), text -> LocationSpec.parse(text, this::resolveLeaf,
                RemoteLeaves.of(getCamelContext())));
    }

    /** Closes what this component built from specs, leaving the user's beans alone. */
    private void closeBuilt(Location location) {
        if (beans.contains(location)) {
            return;
        }
        if (location.children().isEmpty()) {
            IOHelper.close(location);
        } else {
            location.children().forEach(this::closeBuilt);
        }
    }

    private Location resolveLeaf(String leaf) {
        if (leaf.startsWith("#")) {
            String name = leaf.startsWith("#bean:") ? leaf.substring(6) : leaf.substring(1);
            Location bean = getCamelContext().getRegistry().lookupByNameAndType(name, Location.class);
            if (bean == null) {
                throw new LocationSpecException("No bean named '" + name + "' of type " + Location.class.getName()
                                                + " in the registry, for the leaf " + leaf + " of a location spec");
            }
            beans.add(bean);
            return bean;
        }
        return null;
    }

    /**
     * The disk lake in a folder; shared by every endpoint that names the same folder. A folder without a lake is not
     * made one until a value is written ({@link Folders#lazily}): reads fail naming the folder meanwhile.
     */
    Lake lakeAt(Path root) {
        Path key = root.toAbsolutePath().normalize();
        return opened.computeIfAbsent(key, k -> new Lake(Folders.lazily(key)).metered());
    }

    /**
     * Shows a lake an endpoint uses on the {@code tarn} dev console, over JMX and, when Micrometer is present with a
     * MeterRegistry, as meters; under the first name it is used by.
     */
    void observe(String name, Lake lake) {
        synchronized (observed) {
            if (observed.containsKey(name) || observed.containsValue(lake)) {
                return;
            }
            observed.put(name, lake);
            if (observers.isEmpty()) {
                observers.add(new ManagedLakes(getCamelContext(), () -> missReasons.lastByStep()));
                Micrometer.meters(getCamelContext()).ifPresent(observers::add);
            }
            observers.forEach(observer -> observer.added(name, lake));
        }
    }

    @Override
    public Map<String, Lake> observedLakes() {
        synchronized (observed) {
            return Map.copyOf(observed);
        }
    }

    @Override
    public MissReasons missReasons() {
        return missReasons;
    }

    /**
     * Where the console and JMX read the last memo miss reason of each step (default: the misses every memoized step of
     * this JVM records, {@code RecentMisses.shared()}).
     */
    public void setMissReasons(MissReasons missReasons) {
        this.missReasons = missReasons == null ? MissReasons.NONE : missReasons;
    }

    /**
     * The base directory, for an endpoint that keeps {@code what} there; an unset base directory (the Spring Boot
     * starter leaves it unset unless configured) is an error saying what to set instead, so nothing lands in the
     * working directory unasked.
     */
    Path baseDirectory(TarnEndpoint endpoint, String what, String otherwise) {
        if (baseDirectory == null || baseDirectory.isBlank()) {
            throw new IllegalArgumentException(endpoint.getEndpointUri() + " keeps " + what + " under the component's"
                                               + " baseDirectory, and none is set: set it (camel.component.tarn"
                                               + ".base-directory=FOLDER), or " + otherwise);
        }
        return Path.of(baseDirectory);
    }

    public String getBaseDirectory() {
        return baseDirectory;
    }

    public void setBaseDirectory(String baseDirectory) {
        this.baseDirectory = baseDirectory;
    }

    public Map<String, Object> getLakes() {
        return lakes;
    }

    public void setLakes(Map<String, Object> lakes) {
        this.lakes = lakes;
    }

    public boolean isHealthCheckConsumerEnabled() {
        return healthCheckConsumerEnabled;
    }

    public void setHealthCheckConsumerEnabled(boolean healthCheckConsumerEnabled) {
        this.healthCheckConsumerEnabled = healthCheckConsumerEnabled;
    }

    public boolean isHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    public void setHealthCheckProducerEnabled(boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
    }

    public TarnConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(TarnConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    protected void doStop() throws Exception {
        // lakes over beans belong to the user; only the disk lakes this component opened are closed
        for (Map.Entry<Object, Lake> entry : opened.entrySet()) {
            if (entry.getKey() instanceof Path) {
                IOHelper.close(entry.getValue());
            }
        }
        opened.clear();
        publishers.values().forEach(ServiceHelper::stopAndShutdownService);
        publishers.clear();
        synchronized (observed) {
            observers.forEach(ObservedLakes.Observer::close);
            observers.clear();
            observed.clear();
        }
        parsed.values().forEach(this::closeBuilt);
        parsed.clear();
        beans.clear();
        producedTo.clear();
        consumedFrom.clear();
        super.doStop();
    }

}
