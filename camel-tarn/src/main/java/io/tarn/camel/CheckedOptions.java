package io.tarn.camel;

import java.util.Locale;
import java.util.Set;

import io.tarn.format.Durations;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.GeneratedPropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.PropertyConfigurerGetter;

/**
 * The generated configurer of the component or its endpoints, with the text of every duration and whole-number option
 * read strictly before Camel converts it: Camel's converter takes {@code gcOlderThan=ninety} for zero (and so removes
 * nothing by age, silently). A value refused here names the option, the value and what is accepted; endpoint URIs,
 * component properties (Camel Main, Spring Boot) and YAML or XML routes all bind options through this.
 */
final class CheckedOptions implements GeneratedPropertyConfigurer, PropertyConfigurerGetter {
    private static final Set<String> DURATIONS = Set.of("gcolderthan", "gcgrace", "fullscanperiod", "journalretention");
    private static final Set<String> WHOLE_NUMBERS = Set.of("listlimit", "maxmessagesperpoll");

    private final PropertyConfigurer generated;

    CheckedOptions(PropertyConfigurer generated) {
        this.generated = generated;
    }

    @Override
    public boolean configure(CamelContext camelContext, Object target, String name, Object value, boolean ignoreCase) {
        return generated.configure(camelContext, target, name, checked(name, value), ignoreCase);
    }

    /** The value as the option means it: a duration's text as a Duration, a whole number's as an Integer. */
    static Object checked(String name, Object value) {
        if (!(value instanceof String text) || text.startsWith("#") || text.startsWith("{{")) {
            return value; // a bean reference or a property placeholder: Camel resolves it first
        }
        String option = name.toLowerCase(Locale.ROOT);
        if (DURATIONS.contains(option)) {
            return Durations.parse(text, "the option " + name);
        }
        if (WHOLE_NUMBERS.contains(option)) {
            try {
                return Integer.valueOf(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid value '" + text + "' for the option " + name
                                                   + ": give a whole number (0 or less: no limit)", e);
            }
        }
        return value;
    }

    @Override
    public Class<?> getOptionType(String name, boolean ignoreCase) {
        return ((PropertyConfigurerGetter) generated).getOptionType(name, ignoreCase);
    }

    @Override
    public Object getOptionValue(Object target, String name, boolean ignoreCase) {
        return ((PropertyConfigurerGetter) generated).getOptionValue(target, name, ignoreCase);
    }

    @Override
    public String[] getAutowiredNames() {
        return ((PropertyConfigurerGetter) generated).getAutowiredNames();
    }

    @Override
    public Object getCollectionValueType(Object target, String name, boolean ignoreCase) {
        return ((PropertyConfigurerGetter) generated).getCollectionValueType(target, name, ignoreCase);
    }
}
