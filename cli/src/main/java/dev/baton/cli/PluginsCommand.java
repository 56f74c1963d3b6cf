package dev.baton.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.core.Baton;
import dev.baton.core.discovery.PluginStatus;
import dev.baton.core.routing.Route;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "plugins", description = "List every plugin found, whether it is compatible, and the routes in effect.")
final class PluginsCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Baton baton = runtime.start(null)) {
            if (runtime.json()) {
                ObjectMapper json = new ObjectMapper();
                ObjectNode root = json.createObjectNode();
                ArrayNode plugins = root.putArray("plugins");
                baton.plugins().forEach(p -> plugins.add(json.valueToTree(p)));
                ObjectNode routes = root.putObject("routes");
                baton.routes().forEach((hook, route) -> routes.putObject(hook.id())
                        .put("backend", route.backendName()).put("reason", route.reason().name()));
                out.println(root.toPrettyString());
                return ExitCode.OK;
            }
            out.printf("%-16s %-16s %-13s %-5s %-40s %s%n", "NAME", "VERSION", "STATE", "API", "HOOKS", "LOCATION");
            for (PluginStatus p : baton.plugins()) {
                out.printf("%-16s %-16s %-13s %-5s %-40s %s%n", p.name(), p.version(), p.state(),
                        p.apiVersionList(), p.hooks().isEmpty() ? "-" : String.join(",", p.hooks()), p.location());
                p.problemMessage().ifPresent(problem -> out.println("    " + problem));
            }
            out.println();
            out.println("routes (API version " + baton.apiVersion() + "):");
            for (Route route : baton.routes().values()) {
                out.printf("  %-13s -> %-16s %s%n", route.hook().id(), route.backendName(),
                        route.reason().name().toLowerCase().replace('_', ' '));
            }
            return ExitCode.OK;
        } catch (RuntimeException e) {
            OutcomePrinter.printError(spec.commandLine().getErr(), e, runtime.json());
            return ExitCode.of(e);
        }
    }
}
