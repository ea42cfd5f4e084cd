package report;

import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * junit.xml in the Ant/Jenkins layout CI systems read: {@code <testsuites>} with one
 * {@code <testsuite>} whose test cases are the chunk counts (smoke) or fixtures (eval). A failed gate
 * or a failed render is a {@code <failure>} carrying its one-line message; a case that never ran is
 * {@code <skipped>}. Run metadata goes into {@code <properties>}.
 */
final class JUnitXml {
    private JUnitXml() {}

    static String write(String suiteName, String className, List<Outcome> outcomes, Map<String, String> properties,
                        Instant started, String systemErr) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element suites = doc.createElement("testsuites");
            doc.appendChild(suites);
            Element suite = doc.createElement("testsuite");
            suites.appendChild(suite);
            long failures = outcomes.stream().filter(o -> o.kind() == Outcome.Kind.FAILED).count();
            long skipped = outcomes.stream().filter(o -> o.kind() == Outcome.Kind.SKIPPED).count();
            double time = outcomes.stream().mapToDouble(Outcome::seconds).sum();
            for (Element e : List.of(suites, suite)) {
                e.setAttribute("name", suiteName);
                e.setAttribute("tests", Integer.toString(outcomes.size()));
                e.setAttribute("failures", Long.toString(failures));
                e.setAttribute("errors", "0");
                e.setAttribute("skipped", Long.toString(skipped));
                e.setAttribute("time", seconds(time));
            }
            suite.setAttribute("timestamp", started.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""));
            suite.setAttribute("hostname", hostname());
            Element props = doc.createElement("properties");
            suite.appendChild(props);
            properties.forEach((k, v) -> {
                Element p = doc.createElement("property");
                p.setAttribute("name", k);
                p.setAttribute("value", v == null ? "" : v);
                props.appendChild(p);
            });
            for (Outcome o : outcomes) {
                Element tc = doc.createElement("testcase");
                tc.setAttribute("classname", className);
                tc.setAttribute("name", o.name());
                tc.setAttribute("time", seconds(o.seconds()));
                if (o.kind() == Outcome.Kind.FAILED) {
                    Element f = doc.createElement("failure");
                    f.setAttribute("message", o.message());
                    f.setAttribute("type", o.type());
                    f.setTextContent(o.message() + (o.details() == null ? "" : "\n" + o.details()));
                    tc.appendChild(f);
                } else if (o.kind() == Outcome.Kind.SKIPPED) {
                    Element s = doc.createElement("skipped");
                    s.setAttribute("message", o.message());
                    tc.appendChild(s);
                }
                if (o.details() != null) {
                    Element out = doc.createElement("system-out");
                    out.setTextContent(o.details());
                    tc.appendChild(out);
                }
                suite.appendChild(tc);
            }
            if (systemErr != null) {
                Element err = doc.createElement("system-err");
                err.setTextContent(systemErr);
                suite.appendChild(err);
            }
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write junit.xml: " + e.getMessage(), e);
        }
    }

    private static String seconds(double s) {
        return Html.f("%.3f", s);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
