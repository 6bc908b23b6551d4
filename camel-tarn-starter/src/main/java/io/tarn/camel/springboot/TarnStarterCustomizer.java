package io.tarn.camel.springboot;

import java.util.Map;

import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;

/**
 * What the generated customizer (which copies every option of TarnComponentConfiguration onto the component) cannot
 * know, applied after it:
 * <ul>
 * <li>options whose text only Camel understands ({@link TextOptions}) are set from their text;</li>
 * <li>a configuration bean ({@code camel.component.tarn.configuration=#name}) is not overwritten by the defaults of the
 * other options: the component gets a copy of it, then only the options the properties set;</li>
 * <li>the base directory stays unset unless a property sets it: under Spring Boot nothing is written into the working
 * directory unasked (the component's own default is {@code tarn}, a folder of the working directory).</li>
 * </ul>
 */
final class TarnStarterCustomizer implements ComponentCustomizer {
    private final CamelContext camelContext;
    private final ApplicationContext applicationContext;
    private final TarnComponentConfiguration configuration;

    TarnStarterCustomizer(CamelContext camelContext, ApplicationContext applicationContext,
                          TarnComponentConfiguration configuration) {
        this.camelContext = camelContext;
        this.applicationContext = applicationContext;
        this.configuration = configuration;
    }

    @Override
    public void configure(String name, Component target) {
        TarnComponent tarn = (TarnComponent) target;
        Binder properties = Binder.get(applicationContext.getEnvironment());
        properties.bind(TextOptions.PREFIX + ".configuration", String.class).ifBound(reference -> {
            // the bean as the application made it, then the options the properties set (not the others' defaults)
            tarn.setConfiguration(applicationContext.getBean(beanName(reference), TarnConfiguration.class).copy());
            Map<String, Object> set = CamelPropertiesHelper.getNonNullProperties(camelContext, configuration);
            CamelPropertiesHelper.getNonNullProperties(camelContext, new TarnComponentConfiguration())
                    .forEach(set::remove);
            set.remove("configuration");
            CamelPropertiesHelper.setCamelProperties(camelContext, tarn, set, false);
        });
        // as under Camel Main (CamelPropertiesHelper would take a spec for the name of a bean)
        PropertyBindingSupport.build().withCamelContext(camelContext).withTarget(tarn).withMandatory(true)
                .withConfigurer(tarn.getComponentPropertyConfigurer())
                .withProperties(TextOptions.values(properties, tarn)).bind();
        if (!properties.bind(TextOptions.PREFIX + ".base-directory", String.class).isBound()) {
            tarn.setBaseDirectory(null);
        }
    }

    /** {@code #name} or {@code #bean:name}, as the generated converter reads it. */
    private static String beanName(String reference) {
        return reference.startsWith("#bean:") ? reference.substring(6)
               : reference.startsWith("#") ? reference.substring(1) : reference;
    }

    @Override
    public boolean isEnabled(String name, Component target) {
        // switched off with the generated one (camel.component.tarn.customizer.enabled=false)
        return HierarchicalPropertiesEvaluator.evaluate(applicationContext, "camel.component.customizer",
                                                        "camel.component.tarn.customizer")
               && target instanceof TarnComponent;
    }

    /** After every other customizer of the component, the generated one first of all. */
    @Override
    public int getOrder() {
        return LOWEST;
    }
}
