package io.tarn.camel.observe;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ManagementAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tarn.lake.Lake;

/**
 * Registers a {@link ManagedLake} per lake with the context's JMX agent, under
 * {@code org.apache.camel:context=NAME,type=tarn,name="LAKE"}; unregisters them when closed. Nothing when JMX is off
 * (no camel-management, or it is disabled).
 */
public final class ManagedLakes implements ObservedLakes.Observer {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedLakes.class);

    private final CamelContext context;
    private final MissReasons missReasons;
    private final List<ObjectName> registered = new CopyOnWriteArrayList<>();

    public ManagedLakes(CamelContext context, MissReasons missReasons) {
        this.context = context;
        this.missReasons = missReasons;
    }

    private ManagementAgent agent() {
        return context.getManagementStrategy() == null ? null : context.getManagementStrategy().getManagementAgent();
    }

    /** The name of a lake's managed resource in this context. */
    public static ObjectName objectName(CamelContext context, String lake) {
        ManagementAgent agent = context.getManagementStrategy().getManagementAgent();
        String domain = agent != null ? agent.getMBeanObjectDomainName() : "org.apache.camel";
        try {
            return new ObjectName(domain + ":context=" + context.getManagementName()
                                  + ",type=tarn,name=" + ObjectName.quote(lake));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("The lake name '" + lake + "' makes no JMX name: " + e.getMessage(), e);
        }
    }

    @Override
    public void added(String name, Lake lake) {
        ManagementAgent agent = agent();
        if (agent == null) {
            return;
        }
        ObjectName objectName = objectName(context, name);
        try {
            agent.register(new ManagedLake(name, lake, missReasons), objectName);
            registered.add(objectName);
        } catch (Exception e) {
            // a view of the lake: the lake works without it
            LOG.warn("Could not register the lake {} with JMX as {}: {}; it is not shown there", name, objectName,
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        ManagementAgent agent = agent();
        for (ObjectName name : registered) {
            try {
                if (agent != null) {
                    agent.unregister(name);
                }
            } catch (Exception e) {
                LOG.warn("Could not unregister {} from JMX: {}", name, e.getMessage());
            }
        }
        registered.clear();
    }
}
