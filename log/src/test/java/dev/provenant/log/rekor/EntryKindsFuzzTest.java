package dev.provenant.log.rekor;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz targets for the entry parsers behind {@code POST /api/v1/log/entries}. Contract: {@link
 * EntryKinds#canonicalize} returns a proposed entry or throws {@link EntryException}; any other
 * exception or error is a finding. {@code mvn test} runs them in regression mode (empty input and
 * committed inputs); {@code JAZZER_FUZZ=1 mvn -pl log test -Dtest=EntryKindsFuzzTest} fuzzes.
 */
class EntryKindsFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Raw request bytes. */
  @FuzzTest(maxDuration = "60s")
  void canonicalizeBytes(byte[] request) {
    try {
      EntryKinds.canonicalize(request);
    } catch (EntryException expected) {
      // documented rejection
    }
  }

  /** Structure-aware: a valid request of each kind with one fuzzed field. */
  @FuzzTest(maxDuration = "60s")
  void canonicalizeMutatedRequest(FuzzedDataProvider data) throws Exception {
    List<byte[]> seeds = FuzzSeeds.validRequests();
    ObjectNode req = (ObjectNode) JSON.readTree(seeds.get(data.consumeInt(0, seeds.size() - 1)));
    List<JsonNode> containers = new ArrayList<>();
    collect(req, containers);
    int mutations = data.consumeInt(1, 3);
    for (int m = 0; m < mutations && data.remainingBytes() > 0; m++) {
      JsonNode target = containers.get(data.consumeInt(0, containers.size() - 1));
      if (target instanceof ObjectNode o && o.size() > 0) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        String f = names.get(data.consumeInt(0, names.size() - 1));
        switch (data.consumeInt(0, 5)) {
          case 0 -> o.remove(f);
          case 1 -> o.putNull(f);
          case 2 -> o.put(f, data.consumeLong());
          case 3 -> o.putArray(f).add(data.consumeString(50));
          case 4 -> o.putObject(f).put(data.consumeString(10), data.consumeString(50));
          default -> o.put(f, data.consumeString(500));
        }
      } else if (target instanceof ArrayNode a) {
        a.add(data.consumeString(100));
      }
    }
    try {
      EntryKinds.canonicalize(JSON.writeValueAsBytes(req));
    } catch (EntryException expected) {
      // documented rejection
    }
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      n.elements().forEachRemaining(c -> collect(c, out));
    }
  }
}
