package dev.baton.samples.inhouse;

import dev.baton.spi.error.ClientText;
import dev.baton.spi.error.InvalidRequestException;

import java.util.regex.Pattern;

/**
 * The one gate every option value passes on its way into the site helper's argument vector.
 *
 * <p>No shell ever parses the vector ({@link SiteHelper} hands it to execve), so quoting would protect nothing and
 * is not done. Two dangers remain, and this class closes both:
 * <ul>
 *   <li>a value that starts with '-' could be read by the helper's option parser as an option of its own
 *       ("--pid -1", or a name such as "--all"): it is refused, never passed after "--", because the helper's
 *       contract has no positional arguments for "--" to introduce;</li>
 *   <li>the helper itself may be a shell script that forgets to quote "$2": so only characters that no shell
 *       splits, globs, expands or treats as syntax are passed. Spaces, quotes, ';', '$', '(', '*', newlines and
 *       every other control character are refused.</li>
 * </ul>
 * Today every value comes from a typed field (ints, a policy id, a CPU list), so none of this can trigger; it is
 * here so that a string field added later, a housekeeping cgroup name for instance, cannot slip past.
 */
final class HelperArgument {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._,:+=@/][A-Za-z0-9._,:+=@/-]{0,255}");
    private static final Pattern OPTION_NAME = Pattern.compile("[a-z][a-z-]*");

    private HelperArgument() {}

    /** {@code value}, if it can reach the helper as exactly one argument that is not an option. */
    static String value(String option, String value) {
        if (value != null && SAFE.matcher(value).matches()) {
            return value;
        }
        String shown = value == null ? "null" : "'" + ClientText.printable(value, 64) + "'";
        if (value != null && value.startsWith("-")) {
            throw new InvalidRequestException(option, "value " + shown + " starts with '-', which the site helper"
                    + " would read as an option; it is not passed");
        }
        throw new InvalidRequestException(option, "value " + shown + " is not passed to the site helper: only"
                + " letters, digits and . _ , : + = @ / - are (at most 256, not starting with '-')");
    }

    /** Option names are constants of this plugin; a bad one is a bug here, not a bad request. */
    static String optionName(String name) {
        if (!OPTION_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an option name: " + name);
        }
        return "--" + name;
    }
}
