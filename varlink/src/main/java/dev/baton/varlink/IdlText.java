package dev.baton.varlink;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of the interface definition language to route calls: the interface name and the declared method
 * names. Not a validating parser; the IDL is the service author's text, served verbatim to clients.
 */
final class IdlText {

    private static final Pattern COMMENT = Pattern.compile("#[^\\n\\r\\u2028\\u2029]*+");
    private static final Pattern INTERFACE = Pattern.compile("\\A\\s*+interface\\s++(\\S++)");
    /** "method Name" only at a declaration: a field called "method" is followed by ':' instead of a name. */
    private static final Pattern METHOD = Pattern.compile("(?<![A-Za-z0-9_])method\\s++([A-Z][A-Za-z0-9]*+)");

    private final String interfaceName;
    private final Set<String> methods;

    private IdlText(String interfaceName, Set<String> methods) {
        this.interfaceName = interfaceName;
        this.methods = methods;
    }

    static IdlText parse(String idl) {
        String code = COMMENT.matcher(idl).replaceAll("");
        Matcher name = INTERFACE.matcher(code);
        if (!name.find() || !VarlinkJson.INTERFACE_NAME.matcher(name.group(1)).matches()) {
            throw new IllegalArgumentException("IDL does not start with 'interface <valid.name>'");
        }
        Set<String> methods = new LinkedHashSet<>();
        Matcher method = METHOD.matcher(code);
        while (method.find()) {
            if (!methods.add(method.group(1))) {
                throw new IllegalArgumentException("IDL declares method " + method.group(1) + " twice");
            }
        }
        return new IdlText(name.group(1), Set.copyOf(methods));
    }

    String interfaceName() {
        return interfaceName;
    }

    Set<String> methods() {
        return methods;
    }
}
