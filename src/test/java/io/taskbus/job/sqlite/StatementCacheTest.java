package io.taskbus.job.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatementCacheTest {
  private Connection raw;
  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    raw = DriverManager.getConnection("jdbc:sqlite::memory:");
    connection = StatementCache.wrap(raw, 2);
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void a_closed_statement_is_prepared_again_from_the_cache_without_its_parameters()
      throws SQLException {
    PreparedStatement first = connection.prepareStatement("SELECT ?");
    first.setInt(1, 7);
    assertEquals(7, single(first));
    PreparedStatement underlying = first.unwrap(PreparedStatement.class);
    first.close();
    assertTrue(first.isClosed());
    assertThrows(SQLException.class, first::executeQuery);

    PreparedStatement second = connection.prepareStatement("SELECT ?");
    assertSame(underlying, second.unwrap(PreparedStatement.class));
    assertFalse(second.isClosed());
    try (ResultSet row = second.executeQuery()) {
      assertNull(row.getObject(1), "the parameters of its last use are cleared");
    }
    second.close();
  }

  @Test
  void the_same_statement_in_use_twice_gets_two_and_keeps_one() throws SQLException {
    PreparedStatement a = connection.prepareStatement("SELECT ?");
    PreparedStatement b = connection.prepareStatement("SELECT ?");
    assertNotSame(a.unwrap(PreparedStatement.class), b.unwrap(PreparedStatement.class));
    a.setInt(1, 1);
    b.setInt(1, 2);
    assertEquals(1, single(a));
    assertEquals(2, single(b));
    PreparedStatement keptOne = a.unwrap(PreparedStatement.class);
    PreparedStatement closedOne = b.unwrap(PreparedStatement.class);
    a.close();
    b.close();
    assertTrue(closedOne.isClosed());
    assertFalse(keptOne.isClosed());
  }

  @Test
  void the_least_recently_used_beyond_the_size_are_closed() throws SQLException {
    PreparedStatement one = connection.prepareStatement("SELECT 1");
    PreparedStatement oldest = one.unwrap(PreparedStatement.class);
    one.close();
    connection.prepareStatement("SELECT 2").close();
    PreparedStatement three = connection.prepareStatement("SELECT 3");
    PreparedStatement newest = three.unwrap(PreparedStatement.class);
    three.close();
    assertTrue(oldest.isClosed(), "a third statement in a cache of two closes the oldest");
    assertFalse(newest.isClosed());

    connection.close();
    assertTrue(newest.isClosed(), "closing the connection closes what it kept");
    assertTrue(raw.isClosed());
  }

  @Test
  void rows_left_unread_are_closed_when_the_statement_goes_back() throws SQLException {
    PreparedStatement two = connection.prepareStatement("SELECT 1 UNION ALL SELECT 2");
    ResultSet rows = two.executeQuery();
    assertTrue(rows.next());
    two.close();
    assertTrue(rows.isClosed(), "a statement kept mid-way would hold a read snapshot open");
    try (PreparedStatement again = connection.prepareStatement("SELECT 1 UNION ALL SELECT 2");
        ResultSet all = again.executeQuery()) {
      assertTrue(all.next());
      assertEquals(1, all.getInt(1));
      assertTrue(all.next());
      assertEquals(2, all.getInt(1));
    }
  }

  @Test
  void writes_through_cached_statements_land() throws SQLException {
    try (PreparedStatement create = connection.prepareStatement("CREATE TABLE t (v INTEGER)")) {
      create.executeUpdate();
    }
    for (int i = 0; i < 5; i++) {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?)")) {
        insert.setInt(1, i);
        insert.executeUpdate();
      }
    }
    try (PreparedStatement sum = connection.prepareStatement("SELECT SUM(v) FROM t")) {
      assertEquals(10, single(sum));
    }
  }

  private static int single(PreparedStatement statement) throws SQLException {
    try (ResultSet row = statement.executeQuery()) {
      assertTrue(row.next());
      return row.getInt(1);
    }
  }
}
