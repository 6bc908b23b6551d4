package io.tarn.camel.springboot;

import java.util.Set;

import io.tarn.camel.TarnConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.ApplicationContext;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Binds {@code camel.component.tarn.configuration=#name} to the Spring bean of that name (the one option whose type
 * is an object of the component's own). A value that is not a {@code #name} reference is an error naming the option.
 */
@AutoConfiguration
@ConfigurationPropertiesBinding
public class TarnComponentConverter implements GenericConverter {

    private final ApplicationContext applicationContext;

    public TarnComponentConverter(ApplicationContext applicationContext) {
        this.applicationContext = applicationContext;
    }

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        return Set.of(new ConvertiblePair(String.class, TarnConfiguration.class));
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        if (source == null) {
            return null;
        }
        String reference = source.toString().trim();
        if (!reference.startsWith("#")) {
            throw new IllegalArgumentException("camel.component.tarn.configuration is '" + reference + "': give a"
                                               + " reference to a bean of type " + TarnConfiguration.class.getName()
                                               + ", #name, or set the options one by one (camel.component.tarn"
                                               + ".operation=read, ...)");
        }
        String name = reference.startsWith("#bean:") ? reference.substring(6) : reference.substring(1);
        return applicationContext.getBean(name, TarnConfiguration.class);
    }
}
