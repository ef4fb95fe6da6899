package io.taskbus.audit;

import io.taskbus.job.sqlite.SqliteDatabase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** The audit log on SQLite. */
public final class SqliteAuditLog implements AuditLog {
  private static final AuditConditions.Dialect DIALECT =
      new AuditConditions.Dialect() {
        @Override
        public String param(int n) {
          return "?";
        }

        @Override
        public String field(boolean job, String field) {
          return "json_extract(CAST(payload AS TEXT), '$." + (job ? "job." : "") + field + "')";
        }

        @Override
        public String contains(String column, String text) {
          return "instr(" + column + ", " + text + ") > 0";
        }
      };

  private final SqliteDatabase db;

  public SqliteAuditLog(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Future<AuditPage> events(AuditQuery query) {
    AuditConditions where = new AuditConditions(query, DIALECT);
    if (query.since() != null) {
      where.time(">=", query.since().toEpochMilli());
    }
    if (query.until() != null) {
      where.time("<", query.until().toEpochMilli());
    }
    String sql =
        "SELECT seq, payload FROM taskbus_stream_messages"
            + where.where()
            + " ORDER BY seq LIMIT "
            + where.limitParam();
    List<Object> params = new ArrayList<>(where.params());
    params.add(query.limit() + 1);
    return db.inTransaction(
        c -> {
          List<AuditEntry> entries = new ArrayList<>();
          try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
              statement.setObject(i + 1, params.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                String text = new String(rows.getBytes(2), StandardCharsets.UTF_8);
                entries.add(new AuditEntry(rows.getLong(1), new JsonObject(text)));
              }
            }
          }
          return AuditPages.of(entries, query.limit());
        });
  }
}
