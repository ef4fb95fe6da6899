package io.taskbus.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.DecodeException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a body that is not JSON, said for its sender: where (line and column) and what
 * the parser expected, without the parser's own notation for locations.
 */
final class JsonSyntax {
  // Jackson writes a location as "[Source: ...; line: 1, column: 9]" and names where an open
  // array or object began that way inside its message.
  private static final Pattern SOURCE =
      Pattern.compile("\\s*\\(start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)\\]\\)");

  private JsonSyntax() {}

  static String describe(DecodeException e) {
    if (!(e.getCause() instanceof JsonProcessingException parse)) {
      return "the body is not valid JSON";
    }
    Matcher opened = SOURCE.matcher(parse.getOriginalMessage());
    String what =
        opened.replaceAll(m -> " (opened at line " + m.group(1) + ", column " + m.group(2) + ")");
    JsonLocation at = parse.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return "the body is not valid JSON" + where + ": " + what;
  }
}
