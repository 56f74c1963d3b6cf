package dev.baton.varlink;

/** The handler of one method in a {@link VarlinkInterface}; same contract as {@link VarlinkService#call}. */
@FunctionalInterface
public interface VarlinkMethod {

    void handle(VarlinkCall call, VarlinkReplier replier) throws VarlinkException;
}
