package dev.minerua.bench;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner's pure logic: statistics, formatting, the record codec, the Markdown tables and the SVG chart. No timing. */
class ReportLogicTest {

    @Test
    void medianAndP90() {
        Stats odd = Stats.of(new double[] {5, 1, 3});
        assertEquals(3, odd.median());
        assertEquals(5, odd.p90()); // ceil(0.9 * 3) = 3rd smallest
        Stats even = Stats.of(new double[] {4, 1, 3, 2});
        assertEquals(2.5, even.median());
        double[] ten = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        assertEquals(9, Stats.of(ten).p90()); // nearest rank 9 of 10
        assertEquals(5.5, Stats.of(ten).median());
        assertEquals(10, Stats.of(ten).count());
        Stats one = Stats.of(new double[] {7});
        assertEquals(7, one.median());
        assertEquals(7, one.p90());
        assertThrows(IllegalArgumentException.class, () -> Stats.of(new double[0]));
    }

    @Test
    void ratioAndMillisecondFormats() {
        assertEquals("0.85×", Formats.ratio(0.849));
        assertEquals("3.40×", Formats.ratio(3.4));
        assertEquals("27.0×", Formats.ratio(27.04));
        assertEquals("1234×", Formats.ratio(1234.4));
        assertEquals("–", Formats.ratio(Double.NaN));
        assertEquals("0.061", Formats.ms(0.0612));
        assertEquals("7.31", Formats.ms(7.314));
        assertEquals("123", Formats.ms(123.4));
        assertEquals("–", Formats.ms(Double.NaN));
        assertEquals("a \\| b", Formats.cell("a | b"));
    }

    @Test
    void medianOfARangeLeavesTheArrayAlone() {
        double[] v = {9, 3, 1, 2, 8};
        assertEquals(2, Stats.medianOf(v, 1, 4));
        assertEquals(5.0, Stats.medianOf(v, 3, 5));
        assertEquals(9, v[0]);
        assertEquals(3, v[1]);
        assertThrows(IllegalArgumentException.class, () -> Stats.medianOf(v, 2, 2));
    }

    @Test
    void rowRatioNeedsBothEngines() {
        Row both = new Row("m", 1, new Stats(2, 3, 5), new Stats(10, 12, 5), 100, 2, true, "yes", "");
        assertEquals(5.0, both.ratio());
        Row onlyOrt = new Row("m", 1, new Stats(2, 3, 5), null, 100, 2, true, "–", "Minerua cannot load: x");
        assertTrue(Double.isNaN(onlyOrt.ratio()));
        assertTrue(Double.isNaN(Stats.ratio(new Stats(1, 1, 1), new Stats(0, 0, 1))));
    }

    @Test
    void everyRecordKindRoundTripsThroughOneLine() {
        List<Record> records = List.of(
                new Row("all-minilm b8", 2, new Stats(1.5, 2.25, 30), null, 6000, 2.5, false, "NO (y: max_abs_err=1)",
                        "tab\there, line\nbreak, back\\slash"),
                new LoadTimes("mnist-8", 1, 170.5, 5.04, 3.5, 1.25, 3, ""),
                new OptRow("ultraface", 1, 242, 163, new Stats(20, 22, 50), new Stats(15, 16, 50), true, "yes", ""),
                new OptRow("broken", 1, -1, 10, null, null, false, "–", "level none cannot load: X"),
                new MemRow("mnist-8", "ort", 1, 80.5, 120.25, new Stats(0.1, 0.2, 900), Double.NaN, Double.NaN, ""));
        for (Record r : records) {
            String line = RecordLines.encode(r);
            assertTrue(line.startsWith(r.getClass().getSimpleName() + "\t"), line);
            assertEquals(-1, line.indexOf('\n'));
            assertEquals(r, RecordLines.decode(line));
        }
        assertNull(RecordLines.decode("some log line"));
        assertNull(RecordLines.decode("Other\tfield"));
        assertThrows(IllegalArgumentException.class, () -> RecordLines.decode("Row\ttoo\tfew"));
    }

    @Test
    void latencyTableHasOneLinePerRowAndMarksCappedWarmUps() {
        List<Row> rows = rows();
        String md = MarkdownReport.latency(rows);
        assertEquals(2 + rows.size(), md.lines().count());
        assertTrue(md.contains("| mnist-8 | 1 | 0.060 / 0.070 | 1.20 / 1.50 | 20.0× | 30 | 6000 runs, 2.0 s | yes |  |"), md);
        assertTrue(md.contains("| light_vgg19 | 1 | 390 / 400 | 7300 / 7400 | 18.7× | 3 | 6 runs, 8.1 s, capped | yes |"), md);
    }

    @Test
    void summaryGivesTheMedianRatioPerThreadCount() {
        String s = MarkdownReport.summary(rows());
        assertTrue(s.startsWith("Median Minerua/ORT ratio 19.4× at 1 thread (range 18.7× – 20.0×, 2 models), "
                + "0.80× at 2 threads (range 0.80× – 0.80×, 1 model)."), s);
        assertTrue(s.contains("Outputs agree in 3 of 4 rows"), s);
        assertTrue(s.contains("settled (< tolerance) in 2 of 4 timed rows"), s);
    }

    @Test
    void threadScalingDividesLowestByHighestThreadCount() {
        String md = MarkdownReport.threadScaling(rows());
        assertTrue(md.contains("| mnist-8 | 0.060 / 0.050 | 1.20× | 1.20 / 0.040 | 30.0× |"), md);
        assertTrue(md.contains("| light_vgg19 | 390 / – | – | 7300 / – | – |"), md);
        assertEquals("", MarkdownReport.threadScaling(rows().stream().filter(r -> r.threads() == 1).toList()));
    }

    @Test
    void loadOptimizerAndMemoryTables() {
        Results r = new Results();
        r.addAll(rows());
        r.add(new LoadTimes("mnist-8", 1, 170, 5, 4, 2, 3, ""));
        r.add(new OptRow("ultraface", 1, 242, 163, new Stats(20, 22, 50), new Stats(16, 17, 50), true, "yes", ""));
        r.add(new MemRow("mnist-8", "minerua", 1, 60, 180, null, Double.NaN, Double.NaN, ""));
        r.add(new MemRow("mnist-8", "ort", 1, 50, 90, null, Double.NaN, Double.NaN, "x"));
        String md = MarkdownReport.render(r);
        assertTrue(md.contains("| mnist-8 | 1 | 170 / 5.00 | 34.0× | 4.00 / 2.00 | 2.00× | 3 |  |"), md);
        assertTrue(md.contains("| ultraface | 1 | 242 → 163 | 20.00 / 22.00 | 16.00 / 17.00 | 1.25× | yes | yes |  |"), md);
        assertTrue(md.contains("| mnist-8 | 1 | 180 / 90 | 2.00× | 120 / 40 | 60 / 50 | ort: x |"), md);
        assertTrue(!md.contains("planned peak"), "no planned-peak column while no engine reports one");
        r.mems.set(0, new MemRow("mnist-8", "minerua", 1, 60, 180, null, 2.5, 2.0, ""));
        assertTrue(MarkdownReport.render(r).contains("| 60 / 50 | 2.5 | 2.0 | ort: x |"));
        for (String heading : List.of("### Latency", "### Thread scaling", "### Session creation", "### Optimizer",
                "### Memory")) {
            assertTrue(md.contains(heading), heading);
        }
    }

    @Test
    void resultsGoBetweenTheMarkersOfADocument() {
        String doc = "# Title\n\nintro\n" + MarkedSection.BEGIN + "\nold table\n" + MarkedSection.END + "\n\n## Next\n";
        String once = MarkedSection.replace(doc, "new table");
        assertEquals("# Title\n\nintro\n" + MarkedSection.BEGIN + "\nnew table\n" + MarkedSection.END + "\n\n## Next\n", once);
        assertEquals(once, MarkedSection.replace(MarkedSection.replace(once, "other\n"), "new table\n"));
        assertThrows(IllegalArgumentException.class, () -> MarkedSection.replace("# no markers\n", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> MarkedSection.replace(MarkedSection.END + "\n" + MarkedSection.BEGIN + "\n", "x"));
    }

    @Test
    void procStatusValuesAreKibibytes() {
        assertEquals(123456, ProcStatus.parseKiB("   123456 kB"));
        assertThrows(IllegalArgumentException.class, () -> ProcStatus.parseKiB("12 MB"));
    }

    @Test
    void svgIsWellFormedXmlWithOneBarPerMeasuredRow() throws Exception {
        List<Row> rows = rows();
        String svg = SvgChart.render(rows, "Minerua <vs> ORT & co");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        NodeList rects = doc.getElementsByTagName("rect");
        int bars = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            Element e = (Element) rects.item(i);
            if ("bar".equals(e.getAttribute("class"))) {
                bars++;
                assertTrue(Double.parseDouble(e.getAttribute("width")) > 0);
            }
        }
        assertEquals(rows.stream().filter(r -> !Double.isNaN(r.ratio())).count(), bars);
        List<Row> measured = rows.stream().filter(r -> !Double.isNaN(r.ratio())).toList();
        String onlyMeasured = SvgChart.render(measured, "t");
        assertEquals(measured.size(), onlyMeasured.split("class=\"bar\"", -1).length - 1);
    }

    private static List<Row> rows() {
        return List.of(
                new Row("mnist-8", 1, new Stats(0.06, 0.07, 30), new Stats(1.2, 1.5, 30), 6000, 2.0, true, "yes", ""),
                new Row("mnist-8", 2, new Stats(0.05, 0.06, 30), new Stats(0.04, 0.05, 30), 7000, 2.1, true, "yes", ""),
                new Row("light_vgg19", 1, new Stats(390, 400, 3), new Stats(7300, 7400, 3), 6, 8.1, false, "yes", ""),
                new Row("silero <v5>", 1, new Stats(0.1, 0.2, 30), null, 900, 8.0, false, "–", "Minerua cannot load: A & B"));
    }
}
