package io.deepprove.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;

/**
 * A progress bar on the terminal for long commands (setup, prove); silent when output is not a
 * terminal or with --json, so scripts and CI logs stay clean.
 */
final class Progress implements AutoCloseable {

  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  static Progress start(CommandLine.Model.CommandSpec spec, boolean json, String task, int steps) {
    if (json || System.console() == null) {
      return new Progress(null);
    }
    return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(steps)
        .setStyle(ProgressBarStyle.ASCII).continuousUpdate().setUpdateIntervalMillis(200).build());
  }

  void step(String what) {
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(what);
    }
  }

  void done() {
    close();
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
