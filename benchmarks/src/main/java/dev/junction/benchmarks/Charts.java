package dev.junction.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** One PNG bar chart per scenario group: router figure beside its floor figure (and latencies for RPC). */
final class Charts {

    private Charts() {
    }

    static void write(List<LoadGen.Result> results, Map<String, LoadGen.Result> byName, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        for (String group : new String[] {"rpc", "pubsub", "sessions"}) {
            List<String> names = new ArrayList<>();
            List<Double> router = new ArrayList<>();
            List<Double> floor = new ArrayList<>();
            String unit = "";
            for (LoadGen.Result r : results) {
                if (!r.group().equals(group) || Double.isNaN(r.value()) || !r.name().contains("join rate")
                        && group.equals("sessions")) {
                    continue;
                }
                LoadGen.Result f = r.floorKey() == null ? null : byName.get(r.floorKey());
                names.add(r.name());
                router.add(r.value());
                floor.add(f == null || Double.isNaN(f.value()) ? 0.0 : f.value());
                unit = r.unit();
            }
            if (names.isEmpty()) {
                continue;
            }
            CategoryChart chart = new CategoryChartBuilder().width(1400).height(700).title("Junction " + group
                    + " vs. bare Jetty echo floor").xAxisTitle("").yAxisTitle(unit).build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.getStyler().setXAxisLabelRotation(30);
            chart.getStyler().setLabelsVisible(false);
            chart.addSeries("Junction", names, router);
            chart.addSeries("floor (echo, same run)", names, floor);
            BitmapEncoder.saveBitmap(chart, dir.resolve(group).toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        // open loop: the server CPU per operation at the fixed offered rate, router beside its echo floor
        List<String> openNames = new ArrayList<>();
        List<Double> openRouter = new ArrayList<>();
        List<Double> openFloor = new ArrayList<>();
        for (LoadGen.Result r : results) {
            LoadGen.Result f = r.floorKey() == null ? null : byName.get(r.floorKey());
            if (r.group().equals("open") && r.target().equals("router") && !Double.isNaN(LoadGen.costPerOp(r))) {
                openNames.add(r.name());
                openRouter.add(LoadGen.costPerOp(r));
                openFloor.add(f == null || Double.isNaN(LoadGen.costPerOp(f)) ? 0.0 : LoadGen.costPerOp(f));
            }
        }
        if (!openNames.isEmpty()) {
            CategoryChart chart = new CategoryChartBuilder().width(1000).height(600)
                    .title("Server CPU per operation at a fixed offered rate (open loop)").xAxisTitle("")
                    .yAxisTitle("CPU microseconds per call / echo").build();
            chart.addSeries("Junction (per call, 4 frames)", openNames, openRouter);
            chart.addSeries("floor (per echo, 2 frames)", openNames, openFloor);
            BitmapEncoder.saveBitmap(chart, dir.resolve("open").toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        for (String size : new String[] {"32B", "64KiB"}) {
            List<String> names = new ArrayList<>();
            List<Double> p50 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            List<Double> p999 = new ArrayList<>();
            for (LoadGen.Result r : results) {
                if ((r.group().equals("rpc") || r.group().equals("echo")) && !Double.isNaN(r.p50())
                        && r.name().contains(" " + size + " ")) {
                    names.add(r.name());
                    p50.add(r.p50());
                    p99.add(r.p99());
                    p999.add(r.p999());
                }
            }
            if (names.isEmpty()) {
                continue;
            }
            CategoryChart chart = new CategoryChartBuilder().width(1600).height(800)
                    .title("Latency, " + size + " payload (closed loop)").xAxisTitle("").yAxisTitle("microseconds")
                    .build();
            chart.getStyler().setXAxisLabelRotation(30);
            chart.addSeries("p50", names, p50);
            chart.addSeries("p99", names, p99);
            chart.addSeries("p99.9", names, p999);
            BitmapEncoder.saveBitmap(chart, dir.resolve("latency-" + size).toString(),
                    BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
