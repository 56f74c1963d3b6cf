package dev.baton.cli;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.spi.Hook;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The shape of memlock, sched, housekeeping and inspect: build the runtime, make one call, print, exit. A call that
 * returns normally can still have failed in part (a scheduler batch); that exits non-zero too.
 */
abstract class HookCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Spec
    CommandSpec spec;

    abstract Hook<?, ?> hook();

    abstract Outcome<?> run(Baton baton);

    @Override
    public Integer call() {
        try (Baton baton = runtime.start(hook())) {
            Outcome<?> outcome = run(baton);
            OutcomePrinter.print(spec.commandLine().getOut(), outcome, runtime.json());
            Optional<BatchFailure> failure = BatchFailure.of(outcome);
            failure.ifPresent(f -> f.print(spec.commandLine().getErr(), runtime.json()));
            return failure.isPresent() ? ExitCode.SOME_THREADS_FAILED : ExitCode.OK;
        } catch (RuntimeException e) {
            OutcomePrinter.printError(spec.commandLine().getErr(), e, runtime.json());
            return ExitCode.of(e);
        }
    }
}
