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
            raw = YAML.readValue(file.toFile(), RawConfig.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new StartupException("configuration file " + file + " does not exist");
        } catch (JsonMappingException e) {
            throw new StartupException("configuration file " + file + " is invalid at " + e.getPathReference()
                    + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new StartupException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        if (raw == null) {
            return BatonConfig.EMPTY; // an empty file is a valid, empty configuration
        }
        for (String hook : raw.routes.keySet()) {
            if (Hook.byId(hook).isEmpty()) {
                throw new StartupException("configuration file " + file + " routes unknown hook '" + hook
                        + "'; hooks are " + Hook.all().stream().map(Hook::id).collect(Collectors.joining(", ")));
            }
        }
        Path base = file.toAbsolutePath().getParent();
        Optional<Path> pluginsDir = Optional.ofNullable(raw.pluginsDir).map(dir -> base.resolve(dir).normalize());
        Map<String, Map<String, String>> plugins = new LinkedHashMap<>();
        raw.plugins.forEach((name, settings) -> {
            Map<String, String> flat = new LinkedHashMap<>();
            if (settings != null) {
                settings.forEach((key, value) -> flat.put(key, value == null ? "" : String.valueOf(value)));
            }
            plugins.put(name, flat);
        });
        return new BatonConfig(raw.strict, pluginsDir, raw.routes, plugins);
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
