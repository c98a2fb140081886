package dev.junction.benchmarks;

import java.lang.reflect.Method;

/**
 * A local JVM's young-collection counters, read as {@code jstat -gc} reads them (the JVM's performance-data file,
 * without attaching) but in this process: spawning jstat costs a JVM start on the generator's CPU, which stalled the
 * open-loop schedule by a few hundred milliseconds. Through reflection, because {@code sun.jvmstat.monitor} is not
 * visible to a {@code --release 17} compile; at run time it needs {@code --add-exports
 * jdk.internal.jvmstat/sun.jvmstat.monitor=ALL-UNNAMED}, which bench.sh passes.
 */
final class GcCounters {

    private GcCounters() {
    }

    /** {young collections, their pauses in ms} summed over the pids, or null if they cannot be read. */
    static double[] young(long[] pids) {
        double[] sum = new double[2];
        try {
            Class<?> hostClass = Class.forName("sun.jvmstat.monitor.MonitoredHost");
            Class<?> vmClass = Class.forName("sun.jvmstat.monitor.MonitoredVm");
            Class<?> idClass = Class.forName("sun.jvmstat.monitor.VmIdentifier");
            Method findByName = vmClass.getMethod("findByName", String.class);
            Method getValue = Class.forName("sun.jvmstat.monitor.Monitor").getMethod("getValue");
            Object host = hostClass.getMethod("getMonitoredHost", String.class).invoke(null, (Object) null);
            for (long pid : pids) {
                Object vm = hostClass.getMethod("getMonitoredVm", idClass)
                        .invoke(host, idClass.getConstructor(String.class).newInstance(String.valueOf(pid)));
                try {
                    double[] v = new double[3];
                    String[] names = {"sun.gc.collector.0.invocations", "sun.gc.collector.0.time",
                        "sun.os.hrt.frequency"};
                    for (int i = 0; i < names.length; i++) {
                        Object monitor = findByName.invoke(vm, names[i]);
                        if (monitor == null) {
                            return null;
                        }
                        v[i] = ((Number) getValue.invoke(monitor)).doubleValue();
                    }
                    sum[0] += v[0];
                    sum[1] += v[1] * 1000.0 / v[2];
                } finally {
                    hostClass.getMethod("detach", vmClass).invoke(host, vm);
                }
            }
            return sum;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
