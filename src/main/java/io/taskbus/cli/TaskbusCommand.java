package io.taskbus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code taskbus}: start nodes and talk to them. */
@Command(
    name = "taskbus",
    mixinStandardHelpOptions = true,
    version = "Taskbus 0.1.0",
    description = "A job queue and a WebSocket message bus on Vert.x.",
    subcommands = {
      UpCommand.class,
      EnqueueCommand.class,
      JobCommand.class,
      JobsCommand.class,
      StatsCommand.class,
      HistoryCommand.class,
      AuditCommand.class,
      WorkersCommand.class,
      RetryCommand.class,
      RemoveCommand.class,
      NoteCommand.class,
      LockCommand.class,
      UnlockCommand.class,
      WorkerControlCommand.class,
      SubCommand.class,
      PubCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TaskbusCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return new CommandLine(new TaskbusCommand()).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
