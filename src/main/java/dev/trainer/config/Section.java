package dev.trainer.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code [type]} section as read, before validation: its keys in order, each value with the
 * place it was written. Later writes (an including file, an override) replace earlier ones.
 */
final class Section {
  final String type;
  final String where;
  final Map<String, Settings.Value> values = new LinkedHashMap<>();

  Section(String type, String where) {
    this.type = type;
    this.where = where;
  }

  Section copy() {
    Section s = new Section(type, where);
    s.values.putAll(values);
    return s;
  }

  /** The written value of {@code key}, or null. */
  String text(String key) {
    Settings.Value v = values.get(key);
    return v == null ? null : v.text().trim();
  }
}
