package dev.baton.cli;

import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.hook.CpuList;
import picocli.CommandLine;

import java.util.List;

/** "T1,T2" and "0-3,8": both accept the kernel's list syntax. */
final class IntList implements CommandLine.ITypeConverter<List<Integer>> {
    @Override
    public List<Integer> convert(String value) {
        try {
            return CpuList.parse(value);
        } catch (InvalidRequestException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a list like 1,2,5-7");
        }
    }
}
