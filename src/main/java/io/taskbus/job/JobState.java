package io.taskbus.job;

import java.util.Locale;

/** The life of a job: inactive → active → finished | failed, and back to inactive on retry. */
public enum JobState {
  INACTIVE,
  ACTIVE,
  FINISHED,
  FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobState fromWire(String name) {
    for (JobState state : values()) {
      if (state.wireName().equals(name)) {
        return state;
      }
    }
    throw new IllegalArgumentException(
        "state must be one of inactive, active, finished, failed, got \"" + name + "\"");
  }
}
