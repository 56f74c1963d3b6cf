package dev.baton.cli.demo;

/**
 * One operation of the RFC scenario, as a launcher command.
 *
 * @param step    the table's label, e.g. "launch" or "migration"
 * @param command the DemoLauncher command line
 */
record DemoStep(String step, String hook, String command) {}
