package dev.trainer.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a config file and the files it includes into merged sections.
 *
 * <pre>
 *   # comment            ; comment too (a '#' or ';' anywhere ends the line)
 *   include = base.conf  # only before the first section; path relative to this file
 *   [solver]
 *   base_lr = 0.1
 *   stepvalue = 100000, 150000
 * </pre>
 *
 * Includes are applied first, in order, then the file's own sections: {@code [data]},
 * {@code [solver]} and {@code [net]} merge key by key (later keys win), layer sections are
 * appended. Within one file a section of the three may appear once and a key once per section.
 * Include cycles, and chains deeper than {@value #MAX_DEPTH} files, are an error naming the chain.
 */
final class ConfigFile {
  /** Files deep an include chain may go (the top file counts): far beyond real use, well within the stack. */
  static final int MAX_DEPTH = 32;
  private final ConfigSchema schema;
  private final List<Section> sections = new ArrayList<>();
  private final List<String> sources = new ArrayList<>();
  private final List<Path> chain = new ArrayList<>();
  private final List<String> shownChain = new ArrayList<>();

  private ConfigFile(ConfigSchema schema) {
    this.schema = schema;
  }

  /** The merged sections of {@code file} and its includes, plus the files read in order. */
  record Document(List<Section> sections, List<String> sources) {}

  static Document read(Path file, ConfigSchema schema) {
    ConfigFile reader = new ConfigFile(schema);
    reader.include(file, null);
    return new Document(List.copyOf(reader.sections), List.copyOf(reader.sources));
  }

  /** Reads {@code file}; {@code where} is the include line, or null for the top file. */
  private void include(Path file, String where) {
    Path key = file.toAbsolutePath().normalize();
    if (chain.contains(key)) {
      String cycle = String.join(" -> ", shownChain.subList(chain.indexOf(key), chain.size()));
      throw new ConfigException(where, "include cycle: " + cycle + " -> " + file);
    }
    if (chain.size() == MAX_DEPTH) {
      throw new ConfigException(where, "includes nested more than " + MAX_DEPTH + " deep: " + shownChain.get(0)
          + " -> " + shownChain.get(1) + " -> ... -> " + shownChain.get(chain.size() - 1) + " -> " + file);
    }
    chain.add(key);
    shownChain.add(file.toString());
    sources.add(file.toString());
    List<Section> own = parse(file, lines(file, where));
    for (Section s : own) merge(s);
    chain.remove(chain.size() - 1);
    shownChain.remove(shownChain.size() - 1);
  }

  private static List<String> lines(Path file, String where) {
    if (Files.isDirectory(file)) {
      throw new ConfigException(where == null ? file.toString() : where, "'" + file + "' is a folder, not a config file");
    }
    try {
      return Text.stripBom(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      String what = where == null ? "config file" : "included file";
      throw new ConfigException(where == null ? file.toString() : where, "no such " + what + " '" + file + "'");
    } catch (MalformedInputException e) {
      throw new ConfigException(file.toString(), "not a UTF-8 text file");
    } catch (IOException e) {
      throw new ConfigException(where == null ? file.toString() : where, "cannot read '" + file + "': " + e.getMessage());
    }
  }

  private List<Section> parse(Path file, List<String> lines) {
    List<Section> own = new ArrayList<>();
    Section current = null;
    for (int i = 0; i < lines.size(); i++) {
      String where = file + ":" + (i + 1);
      String line = stripComment(lines.get(i)).trim();
      if (line.isEmpty()) continue;
      if (line.startsWith("[")) {
        current = header(line, where, own);
        own.add(current);
        continue;
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? "" : line.substring(0, eq).trim();
      if (key.isEmpty()) {
        throw new ConfigException(where, "expected 'key = value' or '[section]', got '" + line + "'");
      }
      String value = line.substring(eq + 1).trim();
      if (key.equals("include")) {
        if (current != null) throw new ConfigException(where, "include must come before the first section");
        include(resolve(file, value, where), where);
      } else if (current == null) {
        throw new ConfigException(where, "key '" + key + "' is outside a section; start one with [data], [solver], "
            + "[net] or a layer such as [conv]");
      } else {
        Settings.Value old = current.values.putIfAbsent(key, new Settings.Value(value, where));
        if (old != null) throw new ConfigException(where, "key '" + key + "' is already set at " + old.where());
      }
    }
    return own;
  }

  private Section header(String line, String where, List<Section> own) {
    if (!line.endsWith("]") || line.length() < 3) {
      throw new ConfigException(where, "malformed section header '" + line + "'; expected [name]");
    }
    String type = line.substring(1, line.length() - 1).trim();
    if (!schema.isSection(type)) {
      throw new ConfigException(where, "unknown section [" + type + "]" + Suggest.didYouMean(type, schema.sections())
          + "; known: " + String.join(", ", schema.sections()));
    }
    if (schema.isUnique(type)) {
      for (Section s : own) {
        if (s.type.equals(type)) {
          throw new ConfigException(where, "duplicate section [" + type + "] (first at " + s.where + ")");
        }
      }
    }
    return new Section(type, where);
  }

  private static Path resolve(Path file, String value, String where) {
    if (value.isEmpty()) throw new ConfigException(where, "include needs a file name");
    Path dir = file.getParent();
    return (dir == null ? Path.of(value) : dir.resolve(value)).normalize();
  }

  private void merge(Section s) {
    if (schema.isUnique(s.type)) {
      for (Section old : sections) {
        if (old.type.equals(s.type)) {
          old.values.putAll(s.values);
          return;
        }
      }
    }
    sections.add(s.copy());
  }

  private static String stripComment(String line) {
    int cut = line.length();
    int hash = line.indexOf('#');
    int semi = line.indexOf(';');
    if (hash >= 0) cut = hash;
    if (semi >= 0 && semi < cut) cut = semi;
    return line.substring(0, cut);
  }
}
