package io.taskbus.events;

/**
 * Where job events live: the durable stream {@code jobs}, one topic per job, {@code
 * jobs/{queue}/{task}/{id}}. The schema's triggers write them; clients may only subscribe.
 */
public final class JobEvents {
  public static final String STREAM = "jobs";

  private JobEvents() {}

  /** True for {@code jobs} and every topic under it. */
  public static boolean covers(String topic) {
    return topic.equals(STREAM) || topic.startsWith(STREAM + "/");
  }

  public static String topic(String queue, String task, long id) {
    return STREAM + "/" + queue + "/" + task + "/" + id;
  }
}
