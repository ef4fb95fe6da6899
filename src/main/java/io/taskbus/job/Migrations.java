package io.taskbus.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Numbered schema files {@code db/DIALECT/V1.sql, V2.sql, ...} on the class path. */
public final class Migrations {
  private Migrations() {}

  /**
   * The migrations after {@code appliedVersion}, in order; index 0 is version appliedVersion+1.
   * Refuses a database that a newer Taskbus has migrated past what this one knows: its code would
   * misread what that schema stores (V13 on PostgreSQL, for one, stores job events differently).
   */
  public static List<String> after(String dialect, int appliedVersion) {
    int known = latest(dialect);
    if (appliedVersion > known) {
      throw new IllegalStateException(
          "the store's schema is at version "
              + appliedVersion
              + ", newer than this Taskbus knows ("
              + known
              + "): a newer version migrated it; run that version on every node of this store");
    }
    return scripts(dialect, appliedVersion);
  }

  private static int latest(String dialect) {
    int version = 0;
    while (Migrations.class.getClassLoader().getResource(path(dialect, version + 1)) != null) {
      version++;
    }
    return version;
  }

  private static String path(String dialect, int version) {
    return "db/" + dialect + "/V" + version + ".sql";
  }

  private static List<String> scripts(String dialect, int appliedVersion) {
    List<String> scripts = new ArrayList<>();
    for (int version = appliedVersion + 1; ; version++) {
      try (InputStream in =
          Migrations.class.getClassLoader().getResourceAsStream(path(dialect, version))) {
        if (in == null) {
          return scripts;
        }
        scripts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Splits a script into statements; a statement ends with a semicolon at the end of a line, and a
   * {@code CREATE TRIGGER} at its {@code END;} line.
   */
  public static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      boolean trigger = current.toString().strip().startsWith("CREATE TRIGGER");
      if (trigger ? line.strip().equals("END;") : line.strip().endsWith(";")) {
        statements.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }
}
