package conformance;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import json.Json;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The conformance table for the terminal, conformance.json, and junit.xml with one case per point. */
public final class ConformanceReport {
    private ConformanceReport() {}

    public static String table(List<Point> points) {
        StringBuilder sb = new StringBuilder(String.format("%-14s %-48s %-6s %s%n", "area", "point", "holds", "detail"));
        for (Point p : points) {
            sb.append(String.format("%-14s %-48s %-6s %s%n", p.area(), p.name(), p.holds() ? "yes" : "NO", p.detail()));
        }
        long failed = points.stream().filter(p -> !p.holds()).count();
        sb.append(failed == 0 ? points.size() + " points, all hold" : failed + " of " + points.size() + " points do not hold");
        return sb.toString();
    }

    public static void write(Path artifacts, List<Point> points, String failure, String target, String runId) {
        try {
            Files.createDirectories(artifacts);
            var doc = Json.MAPPER.createObjectNode();
            doc.put("target", target).put("runId", runId).put("allHold", failure == null && points.stream().allMatch(Point::holds));
            if (failure != null) {
                doc.put("failure", failure);
            }
            var arr = doc.putArray("points");
            points.forEach(p -> arr.addObject().put("area", p.area()).put("point", p.name()).put("holds", p.holds())
                    .put("detail", p.detail()));
            Json.MAPPER.writeValue(artifacts.resolve("conformance.json").toFile(), doc);
            Files.writeString(artifacts.resolve("junit.xml"), junit(points, failure));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String junit(List<Point> points, String failure) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element suites = doc.createElement("testsuites");
            doc.appendChild(suites);
            Element suite = doc.createElement("testsuite");
            suites.appendChild(suite);
            long failed = points.stream().filter(p -> !p.holds()).count() + (failure == null ? 0 : 1);
            for (Element e : List.of(suites, suite)) {
                e.setAttribute("name", "conformance");
                e.setAttribute("tests", Integer.toString(points.size() + (failure == null ? 0 : 1)));
                e.setAttribute("failures", Long.toString(failed));
                e.setAttribute("errors", "0");
            }
            for (Point p : points) {
                suite.appendChild(testcase(doc, p.area(), p.name(), p.holds() ? null : p.detail()));
            }
            if (failure != null) {
                suite.appendChild(testcase(doc, "run", "the conformance run completes", failure));
            }
            var out = new StringWriter();
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write junit.xml: " + e.getMessage(), e);
        }
    }

    private static Element testcase(Document doc, String area, String name, String failure) {
        Element c = doc.createElement("testcase");
        c.setAttribute("classname", "conformance." + area.replace(' ', '-'));
        c.setAttribute("name", name);
        c.setAttribute("time", "0");
        if (failure != null) {
            Element f = doc.createElement("failure");
            f.setAttribute("message", failure);
            f.setTextContent(failure);
            c.appendChild(f);
        }
        return c;
    }
}
