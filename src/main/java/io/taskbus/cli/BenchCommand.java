package io.taskbus.cli;

import io.taskbus.bench.JobsBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    description = "Benchmarks.",
    subcommands = {BenchCommand.Jobs.class, BenchCommand.BusFanOut.class})
final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "jobs",
      description = "Enqueue rate, end-to-end no-op jobs/s and enqueue→start latency.")
  static final class Jobs implements Callable<Integer> {
    @Option(
        names = "--store",
        defaultValue = "sqlite:target/bench/taskbus.db",
        description = "Store to measure (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(
        names = "--jobs",
        defaultValue = "20000",
        description = "Jobs per throughput run (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(
        names = "--slots",
        defaultValue = "256",
        description = "Parallel slots of the worker (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(
        names = "--rate",
        defaultValue = "500",
        description = "Jobs/s for the latency run (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
        names = "--seconds",
        defaultValue = "10",
        description = "Length of the latency run (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
        names = "--only",
        split = ",",
        description = "Run only these parts: latency, enqueue, e2e, events (default: all).",
        converter = JobsBenchmark.PartConverter.class)
    java.util.Set<JobsBenchmark.Part> only;

    @Option(
        names = "--event-rounds",
        defaultValue = "10",
        description =
            "Pairs of rounds without and with a subscriber in the events part; pairs take turns"
                + " at going first, and more pairs narrow the overhead's noise (default:"
                + " ${DEFAULT-VALUE}).")
    int eventRounds;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (eventRounds < 1) {
        throw new ParameterException(
            spec.commandLine(), "--event-rounds must be at least 1, got " + eventRounds);
      }
      new JobsBenchmark(store, jobs, slots, rate, seconds, only, eventRounds).run(System.out);
      return 0;
    }
  }

  @Command(
      name = "bus",
      description = "Fan-out deliveries/s and latency: raw Vert.x baseline, one node, two nodes.")
  static final class BusFanOut implements Callable<Integer> {
    @Option(
        names = "--subscribers",
        split = ",",
        defaultValue = "1,100,1000",
        description = "Fan-outs to measure (default: ${DEFAULT-VALUE}).")
    int[] subscribers;

    @Option(
        names = "--deliveries",
        defaultValue = "200000",
        description = "Deliveries per flood run (default: ${DEFAULT-VALUE}).")
    int deliveries;

    @Option(
        names = "--rate",
        defaultValue = "1000",
        description = "Messages/s of the paced runs (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
        names = "--seconds",
        defaultValue = "5",
        description = "Length of the paced runs (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
        names = "--idle",
        defaultValue = "10000",
        description =
            "Idle subscribers for the memory measure; 0 skips it (default: ${DEFAULT-VALUE}).")
    int idle;

    @Option(
        names = "--durable-store",
        defaultValue = "sqlite:target/bench/bus.db",
        description =
            "Store for the durable-stream scenarios, or none (default: ${DEFAULT-VALUE}).")
    String durableStore;

    @Option(
        names = "--resume",
        defaultValue = "100000",
        description = "Messages stored, then resumed from offset 0 (default: ${DEFAULT-VALUE}).")
    int resume;

    @Override
    public Integer call() throws Exception {
      new io.taskbus.bench.BusBenchmark(
              subscribers,
              deliveries,
              rate,
              seconds,
              idle,
              durableStore.equals("none") ? null : durableStore,
              resume)
          .run(System.out);
      return 0;
    }
  }
}
