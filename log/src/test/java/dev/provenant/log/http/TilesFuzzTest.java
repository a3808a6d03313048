package dev.provenant.log.http;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Tile path parsing: returns a tile reference or null for any string, never throws. */
class TilesFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void parse(String path) {
    Tiles.TileRef t = Tiles.parse(path);
    if (t != null && (t.index() < 0 || t.width() < 1 || t.width() > Tiles.WIDTH || t.level() > 7)) {
      throw new IllegalStateException("invalid tile accepted: " + path + " -> " + t);
    }
  }
}
