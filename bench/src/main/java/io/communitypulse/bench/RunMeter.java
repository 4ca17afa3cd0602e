package io.communitypulse.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures one run in this JVM: wall time, process CPU time (all threads: task threads, GC, JIT;
 * both jobs pay the same overheads), and the peak heap left live after a garbage collection during
 * the run, above what was live before it (the input and the idle cluster).
 */
final class RunMeter implements AutoCloseable {

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final Set<String> heapPools = new HashSet<>();
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final NotificationListener listener = (n, h) -> onGc((CompositeData) n.getUserData());
  private long baselineHeap;
  private long startWall;
  private long startCpu;

  RunMeter() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
  }

  /** Collects garbage, then starts the clocks. */
  void start() {
    System.gc();
    baselineHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    peakAfterGc.set(baselineHeap);
    startCpu = os.getProcessCpuTime();
    startWall = System.nanoTime();
  }

  /** Wall nanoseconds, CPU nanoseconds and peak live heap growth (bytes) since {@link #start}. */
  long[] stop() {
    long wall = System.nanoTime() - startWall;
    long cpu = os.getProcessCpuTime() - startCpu;
    return new long[] {wall, cpu, Math.max(0, peakAfterGc.get() - baselineHeap)};
  }

  private void onGc(CompositeData data) {
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(data);
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    peakAfterGc.accumulateAndGet(used, Math::max);
  }

  @Override
  public void close() throws Exception {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).removeNotificationListener(listener);
    }
  }
}
