package se.peppolgw.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Compares what the senders were told with what the store and the back office have. */
final class Verdict {
  int lost;
  int duplicated;
  int delivered;
  final List<String> problems = new ArrayList<>();
  final Set<String> acked;

  Verdict(Map<String, InboundLoad.Message> sent, Map<String, Integer> store,
      Map<String, List<String>> folder, Map<String, List<String>> api) {
    acked = sent.values().stream().filter(m -> m.acked).map(m -> m.instanceId).collect(Collectors.toSet());
    for (String id : acked) {
      int inStore = store.getOrDefault(id, 0);
      int inFolder = folder.getOrDefault(id, List.of()).size();
      int inApi = api.getOrDefault(id, List.of()).size();
      if (inStore == 0 || inFolder == 0 || inApi == 0) {
        lost++;
        problems.add(id + " acknowledged but store=" + inStore + " folder=" + inFolder + " api=" + inApi);
      } else if (inStore > 1 || inFolder > 1 || inApi > 1) {
        duplicated++;
        problems.add(id + " more than once: store=" + inStore + " folder=" + inFolder + " api=" + inApi);
      }
    }
    for (var e : folder.entrySet()) {
      if (!sent.containsKey(e.getKey())) {
        problems.add("unknown document in the inbox folder: " + e.getKey());
      } else if (!acked.contains(e.getKey()) && e.getValue().size() > 1) {
        duplicated++;
        problems.add(e.getKey() + " (never acknowledged) handed over " + e.getValue().size() + " times");
      }
    }
    delivered = (int) sent.keySet().stream().filter(folder::containsKey).count();
  }
}
