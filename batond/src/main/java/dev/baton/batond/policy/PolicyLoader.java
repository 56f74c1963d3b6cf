package dev.baton.batond.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.hook.SchedPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads batond's policy file (YAML) strictly: unknown keys, repeated keys, unknown target scopes, impossible or
 * missing limits and duplicate rule names are errors that stop the daemon from starting, because a typo in a
 * security policy must not turn into a silently wider or narrower grant.
 */
public final class PolicyLoader {
    /** Policy files are small; anything bigger is a mistake or an attack on the parser. */
    private static final int MAX_BYTES = 1 << 20;
    /** Jackson's message for a repeated key, from which the key is taken for ours. */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) '(.*)'", Pattern.DOTALL);
    // A repeated key would otherwise replace the first silently: a second 'memlock:' in a rule, appended by
    // someone who did not see the first, would widen the grant without a word (fail-open).
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private PolicyLoader() {}

    public static Policy load(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new PolicyException("policy file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException("cannot read policy file " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    /** Parses policy text; {@code origin} names it in messages. */
    public static Policy parse(byte[] yaml, String origin) {
        RawPolicy raw;
        try {
            raw = YAML.readValue(yaml, RawPolicy.class);
        } catch (JacksonException e) {
            // Jackson reports a repeated key from inside the binding too (wrapped, with the path): same message.
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.matches()) {
                throw new PolicyException("policy " + origin + ": the key '" + duplicate.group(1) + "' appears twice in"
                        + " one mapping" + at(e.getLocation()) + "; write it once, since a repeated key would"
                        + " silently replace the first", e);
            }
            if (e instanceof JsonMappingException mapping) {
                throw new PolicyException("policy " + origin + " is invalid at " + mapping.getPathReference() + ": "
                        + e.getOriginalMessage(), e);
            }
            throw new PolicyException("policy " + origin + " is not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new PolicyException("policy " + origin + " cannot be parsed: " + e.getMessage(), e);
        }
        if (raw == null || raw.clients == null) {
            throw new PolicyException("policy " + origin + " has no 'clients:' list; an empty policy would deny"
                    + " everything, write 'clients: []' if that is what you mean");
        }
        List<ClientRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < raw.clients.size(); i++) {
            RawRule rule = raw.clients.get(i);
            String where = "policy " + origin + ": clients[" + i + "]";
            if (rule == null) {
                throw new PolicyException(where + " is empty");
            }
            rules.add(rule.toRule(where));
            if (!names.add(rules.get(i).name())) {
                throw new PolicyException(where + ": the name '" + rules.get(i).name() + "' is used twice");
            }
        }
        return new Policy(rules);
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    static final class RawPolicy {
        @JsonProperty
        List<RawRule> clients;
    }

    static final class RawRule {
        @JsonProperty
        String name;
        @JsonProperty
        RawMatch match;
        @JsonProperty
        String targets;
        @JsonProperty
        RawMemlock memlock;
        @JsonProperty
        RawScheduler scheduler;
        @JsonProperty
        RawHousekeeping housekeeping;
        @JsonProperty
        boolean inspect;

        ClientRule toRule(String where) {
            if (name == null || name.isBlank()) {
                throw new PolicyException(where + " has no name");
            }
            String at = where + " (" + name + ")";
            if (match == null) {
                throw new PolicyException(at + " has no 'match:'; a rule must say which peers it is for");
            }
            TargetScope scope = targets == null ? TargetScope.SELF_AND_DESCENDANTS : TargetScope.fromId(targets)
                    .orElseThrow(() -> new PolicyException(at + ": targets must be self-and-descendants,"
                            + " same-cgroup or same-uid, not '" + targets + "'"));
            return new ClientRule(name, match.toMatch(at), scope,
                    Optional.ofNullable(memlock).map(m -> m.toRule(at)),
                    Optional.ofNullable(scheduler).map(s -> s.toRule(at)),
                    Optional.ofNullable(housekeeping).map(h -> h.toRule(at)), inspect);
        }
    }

    static final class RawMatch {
        @JsonProperty
        List<Integer> uids = List.of();
        @JsonProperty
        List<Integer> gids = List.of();
        @JsonProperty
        String cgroupPrefix;

        ClientMatch toMatch(String at) {
            if (cgroupPrefix != null && !cgroupPrefix.startsWith("/")) {
                throw new PolicyException(at + ": match.cgroupPrefix must be an absolute cgroup path like /kubepods");
            }
            return new ClientMatch(ids(uids, "uids", at), ids(gids, "gids", at), cgroupPrefix);
        }

        /** An empty list matches nobody; a null or negative entry is a mistake the operator must hear about. */
        private static Set<Integer> ids(List<Integer> ids, String key, String at) {
            Set<Integer> set = new HashSet<>();
            for (Integer id : ids == null ? List.<Integer>of() : ids) {
                if (id == null || id < 0) {
                    throw new PolicyException(at + ": match." + key + " must list numeric ids >= 0, not " + id);
                }
                set.add(id);
            }
            return set;
        }
    }

    static final class RawMemlock {
        @JsonProperty
        Long maxBytes;
        @JsonProperty
        boolean allowUnlimited;

        MemlockRule toRule(String at) {
            // Deny by default: a missing cap must not mean "any size". A rule that means to allow anything says
            // allowUnlimited: true, and still names the largest finite limit.
            if (maxBytes == null) {
                throw new PolicyException(at + ": memlock.maxBytes is required (the largest limit, in bytes, that"
                        + " callers may set); a memlock section without it would allow any size");
            }
            if (maxBytes < 0) {
                throw new PolicyException(at + ": memlock.maxBytes must be >= 0");
            }
            return new MemlockRule(maxBytes, allowUnlimited);
        }
    }

    static final class RawScheduler {
        @JsonProperty
        List<String> policies = List.of();
        @JsonProperty
        int maxPriority;
        @JsonProperty
        int maxRealtimeThreadsPerProcess;

        SchedulerRule toRule(String at) {
            Set<SchedPolicy> parsed = new LinkedHashSet<>();
            for (String policy : policies == null ? List.<String>of() : policies) {
                try {
                    parsed.add(SchedPolicy.parse(policy));
                } catch (InvalidRequestException e) {
                    throw new PolicyException(at + ": scheduler." + e.getMessage().substring("invalid request: ".length()));
                }
            }
            if (maxPriority < 0 || maxPriority > 99) {
                throw new PolicyException(at + ": scheduler.maxPriority must be 0..99, not " + maxPriority);
            }
            if (maxRealtimeThreadsPerProcess < 0) {
                throw new PolicyException(at + ": scheduler.maxRealtimeThreadsPerProcess must be >= 0");
            }
            return new SchedulerRule(parsed, maxPriority, maxRealtimeThreadsPerProcess);
        }
    }

    static final class RawHousekeeping {
        @JsonProperty
        String namePattern;
        @JsonProperty
        int maxCgroupsPerProcess;

        HousekeepingRule toRule(String at) {
            if (namePattern == null) {
                throw new PolicyException(at + ": housekeeping.namePattern is required");
            }
            if (maxCgroupsPerProcess < 0) {
                throw new PolicyException(at + ": housekeeping.maxCgroupsPerProcess must be >= 0");
            }
            try {
                return new HousekeepingRule(Pattern.compile(namePattern), maxCgroupsPerProcess);
            } catch (PatternSyntaxException e) {
                throw new PolicyException(at + ": housekeeping.namePattern is not a valid regular expression: "
                        + e.getDescription());
            }
        }
    }
}
