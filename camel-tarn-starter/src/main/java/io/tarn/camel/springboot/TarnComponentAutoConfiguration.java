package io.tarn.camel.springboot;

import java.util.Map;

import io.tarn.camel.TarnComponent;
import io.tarn.camel.TarnConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * Configures the tarn component from {@code camel.component.tarn.*} when Camel creates it, as every Camel starter
 * does (a ComponentCustomizer, switched off by {@code camel.component.tarn.customizer.enabled=false}). Unlike the
 * component's own default, the base directory stays unset unless configured: under Spring Boot nothing is written
 * into the working directory unasked.
 */
@AutoConfiguration(after = { CamelAutoConfiguration.class, TarnComponentConverter.class })
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ ComponentConfigurationProperties.class, TarnComponentConfiguration.class })
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.tarn" })
public class TarnComponentAutoConfiguration {

    private final ApplicationContext applicationContext;
    private final CamelContext camelContext;
    private final TarnComponentConfiguration configuration;

    public TarnComponentAutoConfiguration(ApplicationContext applicationContext, CamelContext camelContext,
                                          TarnComponentConfiguration configuration) {
        this.applicationContext = applicationContext;
        this.camelContext = camelContext;
        this.configuration = configuration;
    }

    @Lazy
    @Bean
    public ComponentCustomizer configureTarnComponent() {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                // only what differs from the defaults (which are the component's own), so that a configuration bean
                // (camel.component.tarn.configuration=#name) is not overwritten by defaults
                Map<String, Object> properties = CamelPropertiesHelper.getNonNullProperties(camelContext, configuration);
                CamelPropertiesHelper.getNonNullProperties(camelContext, new TarnComponentConfiguration())
                        .forEach((option, byDefault) -> properties.remove(option, byDefault));
                // a configuration bean first (a copy: the options below must not change the bean), the options on it
                TarnComponent tarn = (TarnComponent) target;
                if (properties.remove("configuration") instanceof TarnConfiguration endpointDefaults) {
                    tarn.setConfiguration(endpointDefaults.copy());
                }
                CamelPropertiesHelper.setCamelProperties(camelContext, target, properties, false);
                if (configuration.getBaseDirectory() == null) {
                    // left as it is, it would be the component's default "tarn", a folder of the working directory
                    tarn.setBaseDirectory(null);
                }
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return HierarchicalPropertiesEvaluator.evaluate(applicationContext, "camel.component.customizer",
                        "camel.component.tarn.customizer")
                       && target instanceof TarnComponent;
            }
        };
    }
}
