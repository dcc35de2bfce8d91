package se.peppolgw.ap.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code ./gateway run}: what {@code ./gateway} without a command does. */
@Command(
    name = "run",
    aliases = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Check the configuration, then start the gateway (the default command).",
      "A refused configuration prints one line per problem and exits with 2."
    })
final class RunCommand implements Callable<Integer> {
  @ParentCommand GatewayCommand root;

  @Override
  public Integer call() {
    return root.startServer();
  }
}
