package dev.baton.cli;

import dev.baton.spi.hook.SchedPolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code --policy}: a misspelt policy is a usage error (exit 2), like a bad SIZE, not a refused request. */
final class PolicyConverter implements ITypeConverter<SchedPolicy> {
    @Override
    public SchedPolicy convert(String value) {
        String id = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(SchedPolicy.values()).filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a scheduling policy (use "
                        + Arrays.stream(SchedPolicy.values()).map(SchedPolicy::id).collect(Collectors.joining(", "))
                        + ")"));
    }
}
