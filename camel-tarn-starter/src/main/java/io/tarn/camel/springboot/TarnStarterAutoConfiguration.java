package io.tarn.camel.springboot;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * What the starter adds to the generated auto-configuration (TarnComponentAutoConfiguration), under the same
 * conditions: strict binding of {@code camel.component.tarn.*} and the customizer that runs after the generated one.
 */
@AutoConfiguration(after = TarnComponentAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.tarn" })
public class TarnStarterAutoConfiguration {

    @Bean
    static ConfigurationPropertiesBindHandlerAdvisor tarnStrictBinding() {
        return StrictTarnBinding.advisor();
    }

    @Lazy
    @Bean
    ComponentCustomizer tarnStarterCustomizer(CamelContext camelContext, ApplicationContext applicationContext,
                                              TarnComponentConfiguration configuration) {
        return new TarnStarterCustomizer(camelContext, applicationContext, configuration);
    }
}
