package io.tarn.camel.springboot;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.tarn.camel.TarnConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;

/**
 * Binds {@code camel.component.tarn.*} as {@code @ConfigurationProperties(ignoreUnknownFields = false)} would (which
 * the generated TarnComponentConfiguration cannot say): a property that is no option of the component, such as the
 * typo {@code camel.component.tarn.lake.archive}, fails startup naming it, as Camel Main fails. Environment variables
 * and system properties are not checked, as Spring Boot does not check them either. The options whose text only Camel
 * understands ({@link TextOptions}) are left unbound here, not refused. A configuration bean
 * ({@code camel.component.tarn.configuration=#name}) is bound as a copy: the options set on the component must not change
 * the application's bean. Other prefixes bind as before.
 */
final class StrictTarnBinding extends AbstractBindHandler {
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(TextOptions.PREFIX);

    private final BindHandler lenient;
    private final NoUnboundElementsBindHandler strict;
    private final Set<ConfigurationPropertyName> leftToCamel = new HashSet<>();
    private BindHandler active;

    private StrictTarnBinding(BindHandler parent) {
        super(parent);
        this.lenient = parent;
        this.strict = new NoUnboundElementsBindHandler(parent, new UnboundElementsSourceFilter());
        this.active = parent;
    }

    /** Applies to every {@code @ConfigurationProperties} binding; acts on the tarn component's only. */
    static ConfigurationPropertiesBindHandlerAdvisor advisor() {
        return StrictTarnBinding::new;
    }

    @Override
    public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
        if (context.getDepth() == 0) {
            active = ROOT.equals(name) ? strict : lenient;
        } else if (active == strict && ROOT.isParentOf(name) && TextOptions.convertedByCamel(target.getType().resolve())) {
            leftToCamel.add(name);
        }
        return active.onStart(name, target, context);
    }

    @Override
    public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
        // the generated customizer sets every option on the component's configuration: on a copy, not on the bean
        Object bound = result instanceof TarnConfiguration bean && active == strict ? bean.copy() : result;
        return active.onSuccess(name, target, context, bound);
    }

    @Override
    public Object onCreate(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
        return active.onCreate(name, target, context, result);
    }

    @Override
    public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error)
            throws Exception {
        if (leftToCamel.contains(name)) {
            return null; // a duration such as 7d: the component gets the text
        }
        return active.onFailure(name, target, context, error);
    }

    @Override
    public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result)
            throws Exception {
        try {
            active.onFinish(name, target, context, result);
        } catch (UnboundConfigurationPropertiesException e) {
            Set<ConfigurationProperty> unknown = e.getUnboundProperties().stream()
                    .filter(property -> !leftToCamel.contains(property.getName()))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!unknown.isEmpty()) {
                throw new UnboundConfigurationPropertiesException(unknown);
            }
        }
    }
}
