package io.taskbus.bus;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Whole-host Origin matching: {@code example.com} admits only that host, {@code *.example.com}
 * admits its subdomains; neither admits {@code example.com.evil.net}.
 */
final class OriginPolicy {
  private final List<String> patterns;

  OriginPolicy(List<String> patterns) {
    this.patterns = patterns.stream().map(p -> p.strip().toLowerCase(Locale.ROOT)).toList();
  }

  /** A request without an Origin header is not from a browser and is allowed. */
  boolean allows(String origin) {
    if (patterns.isEmpty() || origin == null) {
      return true;
    }
    String host;
    try {
      host = URI.create(origin).getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (host == null) {
      return false;
    }
    host = host.toLowerCase(Locale.ROOT);
    for (String pattern : patterns) {
      if (pattern.startsWith("*.")
          ? host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1
          : host.equals(pattern)) {
        return true;
      }
    }
    return false;
  }
}
