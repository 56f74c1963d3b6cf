package dev.baton.cli.demo;

/**
 * One operation of the RFC scenario, as a launcher command.
 *
 * @param step    the table's label, e.g. "launch" or "migration"
 * @param vmPid   the stand-in VM the command acts on
 * @param command the DemoLauncher command line, without its target
 */
record DemoStep(String step, String hook, int vmPid, String command) {
    /** The command as the launcher reads it: aimed at {@link #vmPid}. */
    String targetedCommand() {
        return "on " + vmPid + " " + command;
    }
}
