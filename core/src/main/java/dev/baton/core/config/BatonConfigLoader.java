package dev.baton.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.core.StartupException;
import dev.baton.spi.Hook;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads conf/baton.yaml strictly: an unknown key or hook is an error, not a silently ignored line. */
public final class BatonConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private BatonConfigLoader() {}

    public static BatonConfig load(Path file) {
        RawConfig raw;
        try {
            if (java.nio.file.Files.isRegularFile(file) && YAML.readTree(file.toFile()).isMissingNode()) {
                return BatonConfig.EMPTY; // an empty or comment-only file is a valid, empty configuration
            }
            raw = YAML.readValue(file.toFile(), RawConfig.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new StartupException("configuration file " + file + " does not exist");
        } catch (JsonMappingException e) {
            throw new StartupException("configuration file " + file + " is invalid at '" + where(e) + "': "
                    + e.getOriginalMessage().replaceAll(" \\(class [^)]*\\)", ""), e);
        } catch (IOException e) {
            throw new StartupException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        if (raw == null) {
            return BatonConfig.EMPTY; // an empty file is a valid, empty configuration
        }
        Map<String, String> routes = raw.routes == null ? Map.of() : raw.routes;
        for (Map.Entry<String, String> route : routes.entrySet()) {
            String hook = route.getKey();
            if (route.getValue() == null || route.getValue().isBlank()) {
                throw new StartupException("configuration file " + file + " routes hook '" + hook + "' to no plugin;"
                        + " name one, or remove the line");
            }
            if (Hook.byId(hook).isEmpty()) {
                throw new StartupException("configuration file " + file + " routes unknown hook '" + hook
                        + "'; hooks are " + Hook.all().stream().map(Hook::id).collect(Collectors.joining(", ")));
            }
        }
        Path base = file.toAbsolutePath().getParent();
        Optional<Path> pluginsDir = Optional.ofNullable(raw.pluginsDir).map(dir -> base.resolve(dir).normalize());
        Map<String, Map<String, String>> plugins = new LinkedHashMap<>();
        if (raw.plugins != null) {
            raw.plugins.forEach((name, settings) -> {
                Map<String, String> flat = new LinkedHashMap<>();
                if (settings != null) {
                    settings.forEach((key, value) -> {
                        if (value instanceof Map || value instanceof java.util.Collection) {
                            throw new StartupException("configuration file " + file + ": plugins." + name + "." + key
                                    + " must be a single value (plugins receive their settings as strings)");
                        }
                        flat.put(key, value == null ? "" : String.valueOf(value));
                    });
                }
                plugins.put(name, flat);
            });
        }
        return new BatonConfig(raw.strict, pluginsDir, routes, plugins);
    }

    /** "plugins.remote-handler.socket", from Jackson's path of the offending value. */
    private static String where(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "top level" : path.toString();
    }

    /** The file's shape, for Jackson. */
    static final class RawConfig {
        @JsonProperty
        boolean strict;
        @JsonProperty
        String pluginsDir;
        @JsonProperty
        Map<String, String> routes = new LinkedHashMap<>();
        @JsonProperty
        Map<String, Map<String, Object>> plugins = new LinkedHashMap<>();
    }
}
