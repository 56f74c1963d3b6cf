package dev.baton.cli;

import dev.baton.spi.hook.SchedPolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/** {@code --policy}: a misspelt policy is a usage error (exit 2), like a bad SIZE, not a refused request. */
final class PolicyConverter implements ITypeConverter<SchedPolicy> {
    @Override
    public SchedPolicy convert(String value) {
        return SchedPolicy.fromId(value.toLowerCase(Locale.ROOT)).orElseThrow(() -> new TypeConversionException(
                "'" + value + "' is not a scheduling policy (use " + SchedPolicy.ids() + ")"));
    }
}
