package io.communitypulse.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A Flink POJO shaped like the job's state: strings, a time, a list and a map. */
public class SampleRecord {
  public String memberId;
  public long at;
  public List<String> tags = new ArrayList<>();
  public Map<String, Long> counts = new LinkedHashMap<>();

  public SampleRecord() {}

  static SampleRecord of(String memberId, long at, String... tags) {
    SampleRecord r = new SampleRecord();
    r.memberId = memberId;
    r.at = at;
    for (String tag : tags) {
      r.tags.add(tag);
      r.counts.merge(tag, 1L, Long::sum);
    }
    return r;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SampleRecord r
        && at == r.at
        && Objects.equals(memberId, r.memberId)
        && Objects.equals(tags, r.tags)
        && Objects.equals(counts, r.counts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(memberId, at, tags, counts);
  }

  @Override
  public String toString() {
    return "SampleRecord(" + memberId + ", " + at + ", " + tags + ", " + counts + ")";
  }
}
