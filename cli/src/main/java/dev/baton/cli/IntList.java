package dev.baton.cli;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

/** "T1,T2" for thread ids: comma-separated positive integers, in the given order. */
final class IntList implements CommandLine.ITypeConverter<List<Integer>> {
    @Override
    public List<Integer> convert(String value) {
        List<Integer> ids = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                ids.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a list of ids like 4242,4243");
            }
        }
        return ids;
    }
}
