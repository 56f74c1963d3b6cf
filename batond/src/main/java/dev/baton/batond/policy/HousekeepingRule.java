package dev.baton.batond.policy;

import java.util.regex.Pattern;

/** @param namePattern the whole cgroup name must match; checked before the name is used anywhere */
public record HousekeepingRule(Pattern namePattern, int maxCgroupsPerProcess) {}
