package io.taskbus.audit;

import io.taskbus.events.pg.PgJobEventColumns;
import io.taskbus.job.pg.PgFailures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The audit log on PostgreSQL. */
public final class PgAuditLog implements AuditLog {
  private static final AuditConditions.Dialect DIALECT =
      new AuditConditions.Dialect() {
        @Override
        public String param(int n) {
          return "$" + n;
        }

        @Override
        public String field(boolean job, String field) {
          // Events from before V13 have only their JSON.
          return "COALESCE(job_"
              + field
              + ", convert_from(payload, 'UTF8')::json"
              + (job ? "->'job'" : "")
              + "->>'"
              + field
              + "')";
        }

        @Override
        public String contains(String column, String text) {
          return "strpos(" + column + ", " + text + ") > 0";
        }
      };

  private final Pool pool;

  public PgAuditLog(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<AuditPage> events(AuditQuery query) {
    AuditConditions where = new AuditConditions(query, DIALECT);
    if (query.since() != null) {
      where.time(">=", OffsetDateTime.ofInstant(query.since(), ZoneOffset.UTC));
    }
    if (query.until() != null) {
      where.time("<", OffsetDateTime.ofInstant(query.until(), ZoneOffset.UTC));
    }
    String sql =
        "SELECT m.seq, m.payload, "
            + PgJobEventColumns.SELECT
            + " FROM taskbus_stream_messages m"
            + where.where()
            + " ORDER BY seq LIMIT "
            + where.limitParam();
    Tuple params = Tuple.tuple(new ArrayList<>(where.params())).addInteger(query.limit() + 1);
    return PgFailures.unavailableOnFailure(
        pool.preparedQuery(sql)
            .execute(params)
            .map(
                rows -> {
                  List<AuditEntry> entries = new ArrayList<>();
                  for (Row row : rows) {
                    entries.add(
                        new AuditEntry(
                            row.getLong(0), new JsonObject(PgJobEventColumns.payload(row, 1))));
                  }
                  return AuditPages.of(entries, query.limit());
                }));
  }
}
