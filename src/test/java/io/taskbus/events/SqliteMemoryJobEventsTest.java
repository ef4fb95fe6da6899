package io.taskbus.events;

class SqliteMemoryJobEventsTest extends SqliteFileJobEventsTest {
  @Override
  protected String path() {
    return ":memory:";
  }
}
