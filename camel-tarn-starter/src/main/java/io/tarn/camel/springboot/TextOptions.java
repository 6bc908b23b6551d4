package io.tarn.camel.springboot;

import java.beans.PropertyDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tarn.camel.TarnComponent;
import io.tarn.location.Location;
import org.apache.camel.util.StringHelper;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The options whose text only Camel understands: a location spec for an option the generated configuration types as
 * a Location ({@code levels(/ssd, /nfs)}; Spring only knows {@code #bean}), a duration for one it types as a Long
 * ({@code 7d}; Spring only knows milliseconds). Spring Boot leaves them unbound ({@link StrictTarnBinding}) and the
 * component gets their text ({@link TarnStarterCustomizer}), which Camel converts as it does under Camel Main.
 */
final class TextOptions {
    static final String PREFIX = "camel.component.tarn";

    private TextOptions() {
    }

    /** Whether a value of this type in the generated configuration is given to Camel as text. */
    static boolean convertedByCamel(Class<?> type) {
        return type == Location.class || type == Long.class;
    }

    /**
     * Each such option the properties set, by option name: a spec as the tree the component builds from it (Camel's
     * converter would ask the context for the component being configured), anything else as its text.
     */
    static Map<String, Object> values(Binder binder, TarnComponent tarn) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(TarnComponentConfiguration.class)) {
            Class<?> type = property.getPropertyType();
            if (property.getWriteMethod() != null && convertedByCamel(type)) {
                String name = PREFIX + "." + StringHelper.camelCaseToDash(property.getName());
                binder.bind(name, String.class).ifBound(text -> values.put(property.getName(),
                        type == Location.class && !text.startsWith("#") ? tarn.parseSpec(text) : text));
            }
        }
        return values;
    }
}
