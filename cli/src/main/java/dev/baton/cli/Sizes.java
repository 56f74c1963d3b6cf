package dev.baton.cli;

import picocli.CommandLine;

import java.util.Locale;

/** Parses SIZE: plain bytes, or a number with K, M, G or T (binary units, as ulimit and libvirt use). */
final class Sizes implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        String text = value.trim().toUpperCase(Locale.ROOT);
        if (text.endsWith("IB")) {
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("B") && text.length() > 1 && !Character.isDigit(text.charAt(text.length() - 2))) {
            text = text.substring(0, text.length() - 1);
        }
        long multiplier = 1;
        char last = text.isEmpty() ? ' ' : text.charAt(text.length() - 1);
        switch (last) {
            case 'K' -> multiplier = 1L << 10;
            case 'M' -> multiplier = 1L << 20;
            case 'G' -> multiplier = 1L << 30;
            case 'T' -> multiplier = 1L << 40;
            default -> { }
        }
        String digits = multiplier == 1 ? text : text.substring(0, text.length() - 1);
        try {
            long number = Long.parseLong(digits.trim());
            if (number < 0) {
                throw new CommandLine.TypeConversionException("size must not be negative: '" + value + "'");
            }
            return Math.multiplyExact(number, multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size (use bytes, or 64M, 1G, ...)");
        }
    }
}
