package dev.baton.cli;

import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.hook.CpuList;
import picocli.CommandLine;

import java.util.List;

/** "0-3,8": the kernel's CPU list syntax, as in cpuset.cpus and taskset -c. */
final class CpuListConverter implements CommandLine.ITypeConverter<List<Integer>> {
    @Override
    public List<Integer> convert(String value) {
        try {
            return CpuList.parse(value);
        } catch (InvalidRequestException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a CPU list like 0-3,8");
        }
    }
}
