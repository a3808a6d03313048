package dev.provenant.log.http;

/**
 * C2SP tlog-tiles paths. SPEC: https://c2sp.org/tlog-tiles: tiles are 256 hashes wide, tile level L
 * holds tree level 8L; "The index N is encoded as a zero-padded 3-digit path element ... with all
 * but the last element prefixed with x"; partial tiles add {@code .p/<W>}, 1 &lt;= W &lt; 256.
 */
final class Tiles {
  static final int WIDTH = 256;
  static final int HEIGHT = 8;

  private Tiles() {}

  /** A parsed tile request: level (-1 for entry bundles), index, width. */
  record TileRef(int level, long index, int width) {}

  /** Parses the part after {@code /tile/}, or returns null if it is not a valid tile path. */
  static TileRef parse(String rest) {
    if (rest == null) {
      return null;
    }
    String[] parts = rest.split("/", -1);
    if (parts.length < 2) {
      return null;
    }
    int level;
    if (parts[0].equals("entries")) {
      level = -1;
    } else {
      if (!parts[0].matches("[0-9]{1,2}")) {
        return null;
      }
      level = Integer.parseInt(parts[0]);
      if (level > 7) {
        return null;
      }
    }
    int end = parts.length;
    int width = WIDTH;
    if (end >= 3 && parts[end - 2].endsWith(".p")) {
      String w = parts[end - 1];
      if (!w.matches("[1-9][0-9]{0,2}")) {
        return null;
      }
      width = Integer.parseInt(w);
      if (width >= WIDTH) {
        return null;
      }
      parts[end - 2] = parts[end - 2].substring(0, parts[end - 2].length() - 2);
      end--;
    }
    long index = 0;
    int groups = end - 1;
    if (groups > 7) {
      return null;
    }
    for (int i = 1; i < end; i++) {
      String g = parts[i];
      boolean last = i == end - 1;
      if (!last) {
        if (!g.startsWith("x")) {
          return null;
        }
        g = g.substring(1);
      }
      if (!g.matches("[0-9]{3}")) {
        return null;
      }
      index = index * 1000 + Integer.parseInt(g);
    }
    if (index < 0) {
      return null;
    }
    return new TileRef(level, index, width);
  }

  /** The path element encoding of a tile index, e.g. 1234067 -> x001/x234/067. */
  static String encodeIndex(long n) {
    StringBuilder sb = new StringBuilder(String.format("%03d", n % 1000));
    n /= 1000;
    while (n > 0) {
      sb.insert(0, String.format("x%03d/", n % 1000));
      n /= 1000;
    }
    return sb.toString();
  }
}
