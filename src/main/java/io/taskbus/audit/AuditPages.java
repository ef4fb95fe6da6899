package io.taskbus.audit;

import java.util.List;

/** Pages are read one row past the limit, so the last page says it is the last. */
final class AuditPages {
  private AuditPages() {}

  static AuditPage of(List<AuditEntry> entries, int limit) {
    if (entries.size() <= limit) {
      return new AuditPage(entries, null);
    }
    List<AuditEntry> page = entries.subList(0, limit);
    return new AuditPage(List.copyOf(page), page.get(limit - 1).offset());
  }
}
